// state.json's rename retries (main/engine/state-file.ts): Windows refuses to replace a file another
// process holds open for a moment (EPERM, EACCES, EBUSY). Those are retried 5 times, waiting 20, 40, 60,
// 80 and 100 ms; any other error, or a 6th refusal, is reported at once.
import { readdirSync, readFileSync } from 'node:fs';
import * as fsPromises from 'node:fs/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StateFileWriter } from '../../../main/engine/state-file';
import { tempDir } from '../../support/engine/engine-harness';

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof fsPromises>();
  return { ...actual, rename: vi.fn(actual.rename), writeFile: vi.fn(actual.writeFile) };
});

const rename = vi.mocked(fsPromises.rename);
const writeFile = vi.mocked(fsPromises.writeFile);

function refuseRename(times: number, code: string): number[] {
  const calls: number[] = [];
  const real = rename.getMockImplementation()!;
  let refused = 0;
  rename.mockImplementation(async (from, to) => {
    calls.push(performance.now());
    if (refused < times) {
      refused += 1;
      throw Object.assign(new Error(`${code}: refused`), { code });
    }
    return real(from, to);
  });
  return calls;
}

describe('state.json rename retries', () => {
  let dir: ReturnType<typeof tempDir> | null = null;
  const real = rename.getMockImplementation()!;
  afterEach(() => {
    rename.mockImplementation(real);
    dir?.remove();
  });

  it.each(['EPERM', 'EACCES', 'EBUSY'])(
    'retries %s 5 times, waiting 20, 40, 60, 80, 100 ms, then lands',
    async (code) => {
      dir = tempDir();
      const calls = refuseRename(5, code);
      const errors: Error[] = [];
      const writer = new StateFileWriter(dir.dir, (e) => errors.push(e));
      await writer.write('connected', 'after the reader let go');
      expect(errors).toEqual([]);
      expect(calls).toHaveLength(6);
      const gaps = calls.slice(1).map((at, i) => at - calls[i]!);
      // Timers never fire early (1 ms of rounding aside); a busy machine only makes the waits longer.
      [20, 40, 60, 80, 100].forEach((wait, i) => expect(gaps[i]).toBeGreaterThanOrEqual(wait - 1));
      expect(JSON.parse(readFileSync(writer.filePath, 'utf8'))).toMatchObject({
        last_message: 'after the reader let go',
      });
      expect(readdirSync(dir.dir)).toEqual(['state.json']);
    },
  );

  it('gives up on the 6th refusal, reports it and removes the temp file', async () => {
    dir = tempDir();
    const calls = refuseRename(6, 'EBUSY');
    const errors: NodeJS.ErrnoException[] = [];
    const writer = new StateFileWriter(dir.dir, (e) => errors.push(e));
    await writer.write('connected', 'x');
    expect(calls).toHaveLength(6);
    expect(errors.map((e) => e.code)).toEqual(['EBUSY']);
    expect(readdirSync(dir.dir)).toEqual([]);
  });

  it('does not retry other errors', async () => {
    dir = tempDir();
    const calls = refuseRename(1, 'EXDEV');
    const errors: NodeJS.ErrnoException[] = [];
    const writer = new StateFileWriter(dir.dir, (e) => errors.push(e));
    await writer.write('connected', 'x');
    expect(calls).toHaveLength(1);
    expect(errors.map((e) => e.code)).toEqual(['EXDEV']);
    expect(readdirSync(dir.dir)).toEqual([]);
  });

  it('renames the temp file from the data directory itself (a rename across file systems would fail)', async () => {
    dir = tempDir();
    const calls = refuseRename(0, 'EBUSY');
    const writer = new StateFileWriter(dir.dir);
    await writer.write('connected', 'x');
    expect(calls).toHaveLength(1);
    const [from, to] = rename.mock.calls.at(-1)!;
    expect(String(to)).toBe(writer.filePath);
    expect(String(from).startsWith(`${dir.dir}/.state.json.${process.pid}.`)).toBe(true);
    expect(String(from).endsWith('.tmp')).toBe(true);
  });

  it('creates the temp file with mode 0644 whatever the umask, also after making data_dir again', async () => {
    dir = tempDir();
    const dataDir = `${dir.dir}/data`;
    const writer = new StateFileWriter(dataDir);
    writeFile.mockClear();
    await writer.write('connected', 'x');
    // First attempt fails (no directory), the second follows the mkdir: both ask for 0644.
    expect(writeFile).toHaveBeenCalledTimes(2);
    for (const call of writeFile.mock.calls) {
      expect(String(call[0]).startsWith(`${dataDir}/.state.json.`)).toBe(true);
      expect(call[2]).toEqual({ mode: 0o644 });
    }
    expect(readdirSync(dataDir)).toEqual(['state.json']);
  });
});
