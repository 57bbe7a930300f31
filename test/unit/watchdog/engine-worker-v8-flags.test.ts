// The headless engine worker must start with the engine's V8 flags (they cannot be set once running).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINE_WORKER_EXEC_ARGV } from '../../../main/watchdog/engine-worker-v8-flags';
import { createForkWorkerHost } from '../../../main/watchdog/fork-worker-host';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('engine worker V8 flags', () => {
  it('a forked worker starts with them and they are in effect', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rport-v8-flags-'));
    const entry = path.join(dir, 'entry.cjs');
    // Prints its execArgv and the young generation's size as V8 configured it, then exits.
    writeFileSync(
      entry,
      "const v8 = require('node:v8');" +
        "const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');" +
        'console.log(JSON.stringify({ execArgv: process.execArgv, newSpace: young.space_size }));',
    );
    const handle = createForkWorkerHost({ entry }).spawn();
    const line = await new Promise<string>((resolve) => {
      handle.onOutput((stream, text) => {
        if (stream === 'stdout') resolve(text);
      });
    });
    handle.kill('SIGKILL');
    const seen = JSON.parse(line) as { execArgv: string[]; newSpace: number };
    expect(seen.execArgv).toEqual([...ENGINE_WORKER_EXEC_ARGV]);
    // The young generation starts at the 4 MiB floor (Node's default: 1 MiB).
    expect(seen.newSpace).toBeGreaterThanOrEqual(4 * 1024 * 1024);
  });
});
