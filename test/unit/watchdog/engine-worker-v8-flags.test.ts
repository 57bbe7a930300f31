// The headless engine worker must start with the engine's V8 flags (they cannot be set once running).
import { spawnSync } from 'node:child_process';
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
    // Prints its execArgv, what its young generation holds as V8 configured it and V8's heap limit, then
    // exits.
    const report =
      "const v8 = require('node:v8');" +
      "const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');" +
      'console.log(JSON.stringify({ execArgv: process.execArgv, young: young.space_used_size + young.space_available_size,' +
      ' limit: v8.getHeapStatistics().heap_size_limit }));';
    writeFileSync(entry, report);
    const handle = createForkWorkerHost({ entry }).spawn();
    const line = await new Promise<string>((resolve) => {
      handle.onOutput((stream, text) => {
        if (stream === 'stdout') resolve(text);
      });
    });
    handle.kill('SIGKILL');
    const seen = JSON.parse(line) as { execArgv: string[]; young: number; limit: number };
    expect(seen.execArgv).toEqual([...ENGINE_WORKER_EXEC_ARGV]);
    // No floor: V8's own 1 MiB to start with (main/engine/young-generation.ts grows it for traffic).
    expect(seen.young).toBeLessThanOrEqual(1024 * 1024);
    // The 4 MiB cap instead of Node's 16: V8 reserves three semispaces' worth less in its heap limit.
    const plain = JSON.parse(spawnSync(process.execPath, ['-e', report], { encoding: 'utf8' }).stdout) as {
      limit: number;
    };
    expect(plain.limit - seen.limit).toBe(3 * (16 - 4) * 1024 * 1024);
  });

  it("drops the bytecode of code that did not run since the previous full collection, Node's default keeps it", async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rport-v8-flags-'));
    const entry = path.join(dir, 'entry.cjs');
    // Compiles and runs 2,000 functions once, then allocates until V8 has run three full collections of
    // its own (a forced gc() ages no bytecode), and prints the bytecode's size after the first and the
    // third (the first also drops V8's compilation cache).
    writeFileSync(
      entry,
      `const v8 = require('node:v8');
const { PerformanceObserver, constants } = require('node:perf_hooks');
const once = [];
for (let i = 0; i < 2000; i++) once.push(new Function('a', 'let s = ' + i + '; for (let j = 0; j < a; j++) s += j * ' + i + '; return s;'));
for (const f of once) f(3);
const sizes = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if (e.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) sizes.push(v8.getHeapCodeStatistics().bytecode_and_metadata_size);
  }
}).observe({ entryTypes: ['gc'] });
let garbage = [];
(function churn() {
  if (sizes.length >= 3) return console.log(JSON.stringify({ first: sizes[0], third: sizes[2] }));
  for (let i = 0; i < 20000; i++) garbage.push({ i });
  if (garbage.length > 400000) garbage = [];
  setImmediate(churn);
})();
`,
    );
    const handle = createForkWorkerHost({ entry }).spawn();
    const line = await new Promise<string>((resolve) => {
      handle.onOutput((stream, text) => {
        if (stream === 'stdout') resolve(text);
      });
    });
    handle.kill('SIGKILL');
    const worker = JSON.parse(line) as { first: number; third: number };
    const plain = JSON.parse(spawnSync(process.execPath, [entry], { encoding: 'utf8' }).stdout) as typeof worker;
    expect(worker.third).toBeLessThan(worker.first / 3);
    expect(plain.third).toBeGreaterThan(plain.first * 0.8);
  });
});
