import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { StateFileWriter, renderStateFile } from '../../../main/engine/state-file';
import { tempDir } from '../../support/engine/engine-harness';

describe('state.json (§7.2)', () => {
  let dir: ReturnType<typeof tempDir> | null = null;
  afterEach(() => dir?.remove());

  it('renders the exact Go MarshalIndent layout, key order and no trailing newline', () => {
    const at = Date.UTC(2022, 7, 15, 8, 37, 25, 643) + 0.839;
    expect(
      renderStateFile(
        { state: 'connected', message: 'ping to 81.151.79.171:8080 succeeded within 14.682823ms', at },
        120,
      ),
    ).toBe(
      '{\n' +
        '  "last_update": "2022-08-15T10:37:25.643839+02:00",\n' +
        '  "last_update_ts": 1660552645,\n' +
        '  "last_state": "connected",\n' +
        '  "last_message": "ping to 81.151.79.171:8080 succeeded within 14.682823ms"\n' +
        '}',
    );
  });

  it('writes atomically in order and leaves no temp files', async () => {
    dir = tempDir();
    const writer = new StateFileWriter(`${dir.dir}/nested`);
    const writes = [];
    for (let i = 0; i < 20; i++) writes.push(writer.write('reconnecting', `Retrying in ${i}s...`));
    await Promise.all(writes);
    const text = readFileSync(writer.filePath, 'utf8');
    expect(JSON.parse(text)).toMatchObject({ last_state: 'reconnecting', last_message: 'Retrying in 19s...' });
    expect(text.endsWith('}')).toBe(true);
    expect(readdirSync(`${dir.dir}/nested`)).toEqual(['state.json']);
  });

  it('reports write errors instead of throwing', async () => {
    dir = tempDir();
    writeFileSync(`${dir.dir}/file`, 'x');
    const errors: Error[] = [];
    const writer = new StateFileWriter(`${dir.dir}/file/sub`, (e) => errors.push(e));
    await writer.write('initialized', '');
    expect(errors.length).toBe(1);
  });

  it('tells success from failure per write, so a problem can be seen to end', async () => {
    dir = tempDir();
    const blocker = `${dir.dir}/data`;
    writeFileSync(blocker, 'a file where the data dir should be');
    const outcomes: string[] = [];
    const writer = new StateFileWriter(
      blocker,
      () => outcomes.push('error'),
      () => outcomes.push('ok'),
    );
    await writer.write('connected', 'first');
    await writer.write('connected', 'second');
    rmSync(blocker);
    await writer.write('connected', 'third');
    expect(outcomes).toEqual(['error', 'error', 'ok']);
    expect(JSON.parse(readFileSync(writer.filePath, 'utf8'))).toMatchObject({ last_message: 'third' });
  });

  it('replaces the file whole: a reader that opened it before a write still reads the whole old file', async () => {
    dir = tempDir();
    const writer = new StateFileWriter(dir.dir);
    await writer.write('connected', 'first');
    const before = readFileSync(writer.filePath, 'utf8');
    const inodeBefore = statSync(writer.filePath).ino;
    const reader = openSync(writer.filePath, 'r');
    try {
      await writer.write('reconnecting', 'a much longer second message, so that an in-place write would show');
      // A new file took the name (rename), so the open one was neither truncated nor rewritten.
      expect(statSync(writer.filePath).ino).not.toBe(inodeBefore);
      const buffer = Buffer.alloc(4096);
      const length = readSync(reader, buffer, 0, buffer.length, 0);
      expect(buffer.subarray(0, length).toString('utf8')).toBe(before);
    } finally {
      closeSync(reader);
    }
    expect(JSON.parse(readFileSync(writer.filePath, 'utf8'))).toMatchObject({
      last_state: 'reconnecting',
      last_message: 'a much longer second message, so that an in-place write would show',
    });
    expect(readdirSync(dir.dir)).toEqual(['state.json']);
  });

  it('writes the file readable by all, writable by its owner (0644 less the umask)', async () => {
    dir = tempDir();
    const writer = new StateFileWriter(dir.dir);
    await writer.write('initialized', '');
    const umask = process.umask();
    expect(statSync(writer.filePath).mode & 0o777).toBe(0o644 & ~umask);
  });

  it('makes data_dir again when it was removed since the start', async () => {
    dir = tempDir();
    const dataDir = `${dir.dir}/data`;
    mkdirSync(dataDir);
    const errors: Error[] = [];
    const writer = new StateFileWriter(dataDir, (e) => errors.push(e));
    rmSync(dataDir, { recursive: true });
    await writer.write('connected', 'after the directory went');
    expect(errors).toEqual([]);
    expect(JSON.parse(readFileSync(writer.filePath, 'utf8'))).toMatchObject({
      last_message: 'after the directory went',
    });
  });

  it('only a missing directory is made again: any other error is reported as it came', async () => {
    dir = tempDir();
    writeFileSync(`${dir.dir}/file`, 'x');
    const errors: NodeJS.ErrnoException[] = [];
    const writer = new StateFileWriter(`${dir.dir}/file`, (e) => errors.push(e));
    await writer.write('initialized', '');
    expect(errors.map((e) => e.code)).toEqual(['ENOTDIR']);
  });

  it('a failed rename leaves no temp file behind and reports the error', async () => {
    dir = tempDir();
    mkdirSync(`${dir.dir}/state.json/occupied`, { recursive: true });
    const errors: Error[] = [];
    const successes: number[] = [];
    const writer = new StateFileWriter(
      dir.dir,
      (e) => errors.push(e),
      () => successes.push(1),
    );
    await writer.write('connected', 'x');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(Error);
    expect(successes).toEqual([]);
    expect(readdirSync(dir.dir)).toEqual(['state.json']);
  });

  it('flush resolves only when every queued write has landed', async () => {
    dir = tempDir();
    const writer = new StateFileWriter(dir.dir);
    void writer.write('connected', 'one');
    void writer.write('connected', 'two');
    await writer.flush();
    expect(JSON.parse(readFileSync(writer.filePath, 'utf8'))).toMatchObject({ last_message: 'two' });
  });
});
