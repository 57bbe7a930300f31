// The log sink against a real temp directory: text on stdout, pino JSON in a size-rotated file,
// secrets scrubbed everywhere, a bounded list of recent lines.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogSink, type LogSink } from '../../../main/logging/log-sink';
import { SECRET_MASK, literalSecretScrubber } from '../../../main/shared/secrets';
import { RecentLines } from '../../../main/logging/recent-lines';
import { logFileLocation } from '../../../main/logging/log-file-location';

const dirs: string[] = [];
const sinks: LogSink[] = [];
afterEach(async () => {
  await Promise.all(sinks.splice(0).map((s) => s.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function sink(options: Partial<Parameters<typeof createLogSink>[0]> = {}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rport-tray-log-'));
  dirs.push(dataDir);
  const out: string[] = [];
  const s = await createLogSink({ dataDir, stdout: { write: (t: string) => out.push(t) }, ...options });
  sinks.push(s);
  return { s, out, dataDir };
}

const fileLines = (dir: string, name = 'rport-tray.1.log') =>
  readFileSync(path.join(dir, 'logs', name), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('log sink', () => {
  it('writes text to stdout and pino JSON lines to <data_dir>/logs', async () => {
    const { s, out, dataDir } = await sink();
    s.write({ at: Date.UTC(2026, 0, 2, 3, 4, 5), level: 'warn', source: 'watchdog', message: 'restarting' });
    expect(out).toEqual(['2026-01-02T03:04:05.000Z WARN  watchdog: restarting\n']);
    const [record] = fileLines(dataDir);
    expect(record).toMatchObject({ level: 40, source: 'watchdog', msg: 'restarting', pid: process.pid });
    expect(s.file.configured).toBe(path.join(dataDir, 'logs', 'rport-tray.log'));
  });

  it('drops lines below the level, and the level can change', async () => {
    const { s, out } = await sink({ level: 'info' });
    s.log('debug', 'engine', 'chatty');
    s.log('info', 'engine', 'useful');
    s.setLevel('debug');
    s.log('debug', 'engine', 'now shown');
    expect(out.map((l) => l.replace(/^\S+ +\S+ +/, ''))).toEqual(['engine: useful\n', 'engine: now shown\n']);
  });

  it('scrubs known secrets and URL credentials from stdout, file and the recent list', async () => {
    const { s, out, dataDir } = await sink({ scrub: literalSecretScrubber(['hunter2-pass']) });
    s.log('error', 'engine', 'auth failed for client1:hunter2-pass via http://bob:proxy-pw@proxy:3128');
    const expected = `auth failed for client1:${SECRET_MASK} via http://bob:${SECRET_MASK}@proxy:3128`;
    expect(out[0]).toContain(expected);
    expect(fileLines(dataDir)[0]?.msg).toBe(expected);
    expect(s.recent()[0]?.message).toBe(expected);
    const everything = readFileSync(path.join(dataDir, 'logs', 'rport-tray.1.log'), 'utf8') + out.join('');
    expect(everything).not.toContain('hunter2');
    expect(everything).not.toContain('proxy-pw');
  });

  it('rotates the file by size and keeps a bounded number of files', async () => {
    const { s, dataDir } = await sink({ maxFileSize: '1k', keepFiles: 2 });
    // Lines arrive over time (rotation runs on the stream's events between them).
    for (let i = 0; i < 60; i++) {
      s.log('info', 'engine', `line ${i} ${'x'.repeat(60)}`);
      await new Promise((r) => setImmediate(r));
    }
    // The oldest files are removed asynchronously after a rotation: wait for that, not a fixed time.
    const logFiles = () => readdirSync(path.join(dataDir, 'logs')).filter((f) => /^rport-tray\.\d+\.log$/.test(f));
    for (let i = 0; i < 100 && logFiles().length > 3; i++) await new Promise((r) => setTimeout(r, 20));
    const files = logFiles();
    expect(files.length).toBeGreaterThanOrEqual(2);
    expect(files.length).toBeLessThanOrEqual(3); // the current one + 2 kept
    const numbers = files.map((f) => Number(f.split('.')[1])).sort((a, b) => a - b);
    const all = numbers.flatMap((n) => fileLines(dataDir, `rport-tray.${n}.log`));
    expect(all.at(-1)?.msg).toMatch(/^line 59 /);
    expect(all.length).toBeLessThan(60); // the oldest file was removed
  });

  it('notifies live listeners with the scrubbed line', async () => {
    const { s } = await sink({ scrub: literalSecretScrubber(['topsecret']) });
    const seen: string[] = [];
    const off = s.onLine((l) => seen.push(l.message));
    s.log('info', 'x', 'a topsecret b');
    off();
    s.log('info', 'x', 'after');
    expect(seen).toEqual([`a ${SECRET_MASK} b`]);
  });
});

describe('RecentLines', () => {
  it('keeps only the newest lines, oldest first', () => {
    const r = new RecentLines(3);
    for (let i = 0; i < 10; i++) r.push({ at: i, level: 'info', source: 's', message: String(i) });
    expect(r.toArray().map((l) => l.message)).toEqual(['7', '8', '9']);
  });
});

describe('logFileLocation', () => {
  it('uses [logging] log_file when set, else <data_dir>/logs/rport-tray.log', () => {
    expect(logFileLocation('/data', '')).toMatchObject({ base: '/data/logs/rport-tray', extension: '.log' });
    expect(logFileLocation('/data', '/var/log/rport/client.txt')).toMatchObject({
      base: '/var/log/rport/client',
      extension: '.txt',
      directory: '/var/log/rport',
    });
  });
});
