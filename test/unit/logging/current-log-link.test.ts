// Several configs logging into one folder: each `log_file = X.log` gets its own `X.current.log` link to
// its live `X.N.log` (pino-roll's single `current.log` went to whichever config started last), and the
// link follows a rotation.
import { lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { currentLogLinkPath, linkCurrentLog } from '../../../main/logging/current-log-link';
import { logFileLocation } from '../../../main/logging/log-file-location';
import { createLogSink, type LogSink } from '../../../main/logging/log-sink';

const dirs: string[] = [];
const sinks: LogSink[] = [];
afterEach(async () => {
  await Promise.all(sinks.splice(0).map((s) => s.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rport-log-link-'));
  dirs.push(dir);
  return dir;
}

async function sinkFor(dataDir: string, logFile: string, maxFileSize = '5m'): Promise<LogSink> {
  const sink = await createLogSink({ dataDir, logFile, stdout: null, maxFileSize, keepFiles: 2 });
  sinks.push(sink);
  return sink;
}

const tick = () => new Promise((r) => setImmediate(r));

describe.skipIf(process.platform === 'win32')('the current log link', () => {
  it('is named after the log file', () => {
    expect(currentLogLinkPath('/var/log/rport/client', '.log')).toBe('/var/log/rport/client.current.log');
    expect(logFileLocation('/data', '').link).toBe(path.join('/data', 'logs', 'rport-tray.current.log'));
    expect(logFileLocation('/data', '/var/log/a.txt').link).toBe('/var/log/a.current.txt');
  });

  it('gives every config in one folder its own link to its own live file', async () => {
    const folder = tempDir();
    const office = await sinkFor(tempDir(), path.join(folder, 'office.log'));
    const lab = await sinkFor(tempDir(), path.join(folder, 'lab.log'));
    office.log('info', 'engine', 'from the office config');
    lab.log('info', 'engine', 'from the lab config');
    await tick();
    const officeTarget = readlinkSync(path.join(folder, 'office.current.log'));
    const labTarget = readlinkSync(path.join(folder, 'lab.current.log'));
    expect(officeTarget).toMatch(/^office\.\d+\.log$/);
    expect(labTarget).toMatch(/^lab\.\d+\.log$/);
    expect(readFileSync(path.join(folder, 'office.current.log'), 'utf8')).toContain('from the office config');
    expect(readFileSync(path.join(folder, 'lab.current.log'), 'utf8')).toContain('from the lab config');
    expect(existsSync(path.join(folder, 'current.log'))).toBe(false);
  });

  it('follows the live file when it rotates', async () => {
    const folder = tempDir();
    const sink = await sinkFor(tempDir(), path.join(folder, 'client.log'), '1k');
    const link = path.join(folder, 'client.current.log');
    const first = readlinkSync(link);
    for (let i = 0; i < 40; i++) {
      sink.log('info', 'engine', `line ${i} ${'x'.repeat(60)}`);
      await tick();
    }
    for (let i = 0; i < 50 && readlinkSync(link) === first; i++) await new Promise((r) => setTimeout(r, 20));
    const now = readlinkSync(link);
    expect(now).not.toBe(first);
    expect(readFileSync(link, 'utf8')).toContain('line 39');
  });

  it('never replaces a regular file of the same name', () => {
    const folder = tempDir();
    const link = path.join(folder, 'notes.current.log');
    writeFileSync(link, 'mine');
    expect(linkCurrentLog(link, path.join(folder, 'notes.1.log'))).toBe(false);
    expect(lstatSync(link).isSymbolicLink()).toBe(false);
    expect(readFileSync(link, 'utf8')).toBe('mine');
  });
});
