// The size-rotated log file (in place of pino-roll): numbering continues after the files already there,
// other logs in the same folder are left alone, and only `keep` older files of this log survive a rotation.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openRotatingFile, parseLogSize, type RotatingFile } from '../../../main/logging/rotating-file';

const dirs: string[] = [];
const open: RotatingFile[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await new Promise<void>((r) => (s.once('close', () => r()), s.end()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rport-rotating-'));
  dirs.push(dir);
  return dir;
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
const ours = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => /^app\.\d+\.log$/.test(f))
    .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));

describe('rotating log file', () => {
  it('parses sizes as the options give them', () => {
    expect(parseLogSize('5m')).toBe(5 * 1024 * 1024);
    expect(parseLogSize('500k')).toBe(500 * 1024);
    expect(parseLogSize('1g')).toBe(1024 ** 3);
    expect(parseLogSize('100b')).toBe(100);
    expect(parseLogSize('2')).toBe(2 * 1024 * 1024);
    expect(() => parseLogSize('lots')).toThrow('lots is not a valid size');
  });

  it('creates its folder and starts at 1', async () => {
    const dir = path.join(folder(), 'logs', 'deeper');
    const s = await openRotatingFile({ base: path.join(dir, 'app'), extension: '.log', maxBytes: 1024, keep: 2 });
    open.push(s);
    s.write('first\n');
    expect(s.file).toBe(path.join(dir, 'app.1.log'));
    expect(readFileSync(path.join(dir, 'app.1.log'), 'utf8')).toBe('first\n');
  });

  it('appends to the newest file of an earlier run, then rolls over and keeps `keep` older files', async () => {
    const dir = folder();
    for (const n of [3, 4, 7]) writeFileSync(path.join(dir, `app.${n}.log`), `old ${n}\n`);
    // Another log in the same folder, with higher numbers: not ours.
    writeFileSync(path.join(dir, 'other.99.log'), 'other\n');
    writeFileSync(path.join(dir, 'app.current.log'), 'not numbered\n');
    const s = await openRotatingFile({ base: path.join(dir, 'app'), extension: '.log', maxBytes: 100, keep: 2 });
    open.push(s);
    expect(s.file).toBe(path.join(dir, 'app.7.log'));
    for (let i = 0; i < 12; i++) {
      s.write(`line ${i} ${'x'.repeat(40)}\n`);
      await tick();
    }
    for (let i = 0; i < 100 && ours(dir).length > 3; i++) await new Promise((r) => setTimeout(r, 10));
    const files = ours(dir);
    expect(files.length).toBe(3);
    const newest = Number(files.at(-1)?.split('.')[1]);
    expect(newest).toBeGreaterThan(7);
    expect(s.file).toBe(path.join(dir, `app.${newest}.log`));
    expect(readFileSync(path.join(dir, `app.${newest}.log`), 'utf8')).toContain('line 11 ');
    expect(readdirSync(dir)).toContain('other.99.log');
    expect(readdirSync(dir)).toContain('app.current.log');
  });
});
