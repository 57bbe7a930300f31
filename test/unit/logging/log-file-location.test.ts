// Where people find the log: `status` names the file written now, not the configured base name (which
// never exists: the files are numbered).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { liveLogFile } from '../../../main/logging/log-file-location';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function logsDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rport-tray-live-log-'));
  dirs.push(dir);
  mkdirSync(path.join(dir, 'logs'));
  return path.join(dir, 'logs');
}

describe('liveLogFile', () => {
  it('is the .current link when there is one', () => {
    const logs = logsDir();
    writeFileSync(path.join(logs, 'rport-tray.3.log'), '');
    symlinkSync('rport-tray.3.log', path.join(logs, 'rport-tray.current.log'));
    expect(liveLogFile(path.join(logs, 'rport-tray.log'))).toBe(path.join(logs, 'rport-tray.current.log'));
  });

  it('is the newest numbered file without a link, and null before any is written', () => {
    const logs = logsDir();
    const configured = path.join(logs, 'client.log');
    expect(liveLogFile(configured)).toBeNull();
    for (const name of ['client.2.log', 'client.10.log', 'client.9.log', 'other.11.log', 'client.x.log']) {
      writeFileSync(path.join(logs, name), '');
    }
    expect(liveLogFile(configured)).toBe(path.join(logs, 'client.10.log'));
    expect(liveLogFile(path.join(logs, 'missing', 'x.log'))).toBeNull();
  });
});
