import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { saveConfigText, editConfigFile } from '../../../main/config/save-config';
import { writeFileAtomic } from '../../../main/config/atomic-write';
import { fixtureText, DATA_DIR } from './helpers';

const posix = process.platform !== 'win32';
let dir: string;
let file: string;
const options = { defaultDataDir: DATA_DIR, platform: 'linux' as const, policyPath: null };

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rport-tray-save-'));
  file = path.join(dir, 'rport.conf');
  writeFileSync(file, fixtureText(), { mode: 0o644 });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('saving rport.conf', () => {
  it('writes atomically with mode 0600 and keeps the previous file as .bak', async () => {
    const before = readFileSync(file, 'utf8');
    const next = before.replace('rport.example.com:8080', 'new.example.com:1');
    const result = await saveConfigText(file, next, options);
    expect(result.saved).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(next);
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe(before);
    if (posix) {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(`${file}.bak`).mode & 0o777).toBe(0o600);
    }
    expect(readdirSync(dir).sort()).toEqual(['rport.conf', 'rport.conf.bak']);
  });

  it('refuses a text that does not validate and leaves the file alone', async () => {
    const before = readFileSync(file, 'utf8');
    const result = await saveConfigText(file, before.replace("keep_alive = '3m'", "keep_alive = 'soon'"), options);
    expect(result.saved).toBe(false);
    expect(result.problems).toEqual([
      expect.objectContaining({ key: 'connection.keep_alive', line: 77, message: 'time: invalid duration "soon"' }),
    ]);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual(['rport.conf']);
  });

  it('refuses the server addresses the engine refuses, with the engine’s message (the window’s Save)', async () => {
    const before = readFileSync(file, 'utf8');
    const cases: Array<[string, string]> = [
      ['http://h:99999', 'invalid server address: invalid port "99999": must be 1 to 65535'],
      ['ftp://h', 'invalid server address: unsupported scheme "ftp": use http://, https://, ws:// or wss://'],
      [' example.com ', 'invalid server address: parse "http:// example.com ": invalid character " " in host name'],
    ];
    for (const [server, message] of cases) {
      const result = await saveConfigText(file, before.replace('rport.example.com:8080', server), options);
      expect(result.saved).toBe(false);
      expect(result.problems).toEqual([expect.objectContaining({ key: 'client.server', message })]);
    }
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('keeps the old file intact when the write fails at any step, and leaves no temp file', async () => {
    const before = readFileSync(file, 'utf8');
    const boom = () => Promise.reject(Object.assign(new Error('EIO: simulated'), { code: 'EIO' }));
    for (const step of ['rename', 'copyFile', 'chmod'] as const) {
      await expect(
        writeFileAtomic(file, 'garbage', { backupPath: `${file}.bak`, fs: { [step]: boom } }),
      ).rejects.toThrow('simulated');
      expect(readFileSync(file, 'utf8')).toBe(before);
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    }
    const result = editConfigFile(file, [{ op: 'set', key: 'client.server', value: 'x:1' }], {
      ...options,
      fs: { rename: boom },
    });
    await expect(result).rejects.toThrow('simulated');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it.runIf(posix && process.getuid?.() !== 0)('keeps the old file when the folder is read-only', async () => {
    const before = readFileSync(file, 'utf8');
    chmodSync(dir, 0o500);
    try {
      await expect(saveConfigText(file, before.replace('1234', '5678'), options)).rejects.toThrow();
    } finally {
      chmodSync(dir, 0o700);
    }
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('applies structured edits to the file with only the edited line changed', async () => {
    const before = readFileSync(file, 'utf8');
    const result = await editConfigFile(file, [{ op: 'set', key: 'logging.log_level', value: 'debug' }], options);
    expect(result.saved).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(before.replace('log_level = "info"', 'log_level = "debug"'));
  });
});
