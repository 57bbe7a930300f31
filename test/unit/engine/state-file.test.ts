import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
});
