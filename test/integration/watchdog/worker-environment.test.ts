// The environment `rport-tray run` gives its engine worker, read from the running worker itself
// (/proc/<pid>/environ): glibc malloc held to two arenas (worker-memory-env.ts), the user's variables kept.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startRunProcess, type RunProcess } from './run-process';

let run: RunProcess | null = null;
afterEach(async () => {
  await run?.close();
  run = null;
});

function environOf(pid: number): Map<string, string> {
  const entries = readFileSync(`/proc/${pid}/environ`, 'utf8')
    .split('\0')
    .filter(Boolean)
    .map((pair): [string, string] => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]);
  return new Map(entries);
}

describe.runIf(process.platform === 'linux')('the engine worker environment of `run`', () => {
  it('has MALLOC_ARENA_MAX=2 and the variables run was started with', async () => {
    run = await startRunProcess({ env: { RPORT_TRAY_TEST_MARKER: 'kept' } });
    const status = await run.waitConnected();
    const pid = status.supervisor.workerPid;
    expect(typeof pid).toBe('number');
    const env = environOf(pid as number);
    expect(env.get('MALLOC_ARENA_MAX')).toBe('2');
    expect(env.get('RPORT_TRAY_TEST_MARKER')).toBe('kept');
  }, 60_000);

  it('keeps a MALLOC_ARENA_MAX the user set', async () => {
    run = await startRunProcess({ env: { MALLOC_ARENA_MAX: '4' } });
    const status = await run.waitConnected();
    expect(environOf(status.supervisor.workerPid as number).get('MALLOC_ARENA_MAX')).toBe('4');
  }, 60_000);
});
