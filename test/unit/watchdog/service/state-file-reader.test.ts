// Reading a service's state.json: Go's format as the engine writes it, and every way it can be absent,
// unreadable, torn or wrong, each named with the file.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { renderStateFile } from '../../../../main/engine/state-file';
import { parseStateFileText, readStateFile } from '../../../../main/watchdog/service/state-file-reader';

const dir = mkdtempSync(path.join(tmpdir(), 'rport-tray-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readStateFile', () => {
  it("reads Go's format: last_update_ts as epoch ms, state and message", async () => {
    const file = path.join(dir, 'ok.json');
    const at = Date.UTC(2026, 5, 1, 10, 0, 0, 643);
    writeFileSync(
      file,
      renderStateFile({ state: 'connected', message: 'ping to 1.2.3.4:8080 succeeded within 14.682823ms', at }),
    );
    expect(await readStateFile(file)).toEqual({
      kind: 'ok',
      file,
      state: 'connected',
      message: 'ping to 1.2.3.4:8080 succeeded within 14.682823ms',
      updatedAt: Date.UTC(2026, 5, 1, 10, 0, 0),
    });
  });

  it('says missing for a file that does not exist', async () => {
    expect(await readStateFile(path.join(dir, 'nope.json'))).toEqual({
      kind: 'missing',
      file: path.join(dir, 'nope.json'),
    });
  });

  it('says unreadable, with the error, for a file it cannot read', async () => {
    const file = path.join(dir, 'folder.json');
    mkdirSync(file);
    const r = await readStateFile(file);
    expect(r.kind).toBe('unreadable');
    expect(r.kind === 'unreadable' && r.error).toMatch(/EISDIR/);
  });

  it('reads a torn file (Go rewrites in place) once more before calling it invalid', async () => {
    const texts = [
      '{"last_update": "2026-06',
      renderStateFile({ state: 'reconnecting', message: 'Retrying in 5s...', at: 1_700_000_000_000 }),
    ];
    const slept: number[] = [];
    const r = await readStateFile('/x/state.json', {
      read: async () => texts.shift() ?? '',
      sleep: async (ms) => void slept.push(ms),
    });
    expect(r).toMatchObject({ kind: 'ok', state: 'reconnecting', updatedAt: 1_700_000_000_000 });
    expect(slept).toEqual([100]);
  });

  it('calls a file that stays bad invalid, naming the file and what is wrong', async () => {
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, '{ not json');
    const r = await readStateFile(file, { sleep: async () => undefined });
    expect(r.kind).toBe('invalid');
    expect(r.kind === 'invalid' && r.error).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not valid JSON`),
    );
  });
});

describe('parseStateFileText', () => {
  it.each([
    ['', /is empty/],
    ['[]', /does not hold a JSON object/],
    ['{"last_state":"connected"}', /last_update_ts is missing or not a number/],
    [
      '{"last_update_ts":1,"last_state":"asleep"}',
      /last_state "asleep" is none of initialized, connected, reconnecting/,
    ],
  ])('refuses %j', (text, error) => {
    const r = parseStateFileText(text, '/var/lib/rport/state.json');
    expect(r.kind).toBe('invalid');
    expect(r.kind === 'invalid' && r.error).toMatch(error);
    expect(r.kind === 'invalid' && r.error).toContain('/var/lib/rport/state.json');
  });
});
