// The engine grows V8's young generation to the traffic size when tunnel data flows fast, in a process
// started with the worker's cap only (main/engine/young-generation.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BURST_CHUNKS,
  BURST_WINDOW_MS,
  TRAFFIC_SEMI_SPACE_MIB,
  YOUNG_GENERATION_CAP,
  atTrafficSize,
  createYoungGenerationSizer,
} from '../../../main/engine/young-generation';
import { ENGINE_WORKER_EXEC_ARGV } from '../../../main/watchdog/engine-worker-v8-flags';

const MIB = 1024 * 1024;
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rport-young-generation-'));
  const bundled = await build({
    entryPoints: ['main/engine/young-generation.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'silent',
  });
  writeFileSync(path.join(dir, 'young-generation.cjs'), bundled.outputFiles[0]!.text);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Probe {
  before: number;
  after: number;
  oldGrowth: number;
  scavenges: number;
}

/** In `node ...nodeArgs`: the young generation's size before and after a burst of chunks, and what it cost. */
function probe(nodeArgs: readonly string[]): Probe {
  const script = path.join(dir, 'probe.cjs');
  writeFileSync(
    script,
    `const v8 = require('node:v8');
const { PerformanceObserver, constants } = require('node:perf_hooks');
const { youngGeneration, youngGenerationCapacity } = require('./young-generation.cjs');
const oldUsed = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'old_space').space_used_size;
let scavenges = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (e.detail.kind === constants.NODE_PERFORMANCE_GC_MINOR) scavenges++;
}).observe({ entryTypes: ['gc'] });
const before = youngGenerationCapacity();
const old0 = oldUsed();
for (let i = 0; i < ${2 * BURST_CHUNKS}; i++) youngGeneration.chunkMoved();
const oldGrowth = oldUsed() - old0;
const after = youngGenerationCapacity();
setTimeout(() => console.log(JSON.stringify({ before, after, oldGrowth, scavenges })), 20);`,
  );
  const run = spawnSync(process.execPath, [...nodeArgs, script], { encoding: 'utf8', timeout: 30_000 });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as Probe;
}

describe('the young generation sized for traffic', () => {
  it('the worker starts with the cap and no floor: V8 gives it 1 MiB, and a burst of tunnel data has it grown to the cap', () => {
    expect(ENGINE_WORKER_EXEC_ARGV).toContain(YOUNG_GENERATION_CAP);
    expect(ENGINE_WORKER_EXEC_ARGV.some((flag) => flag.startsWith('--min-semi-space-size'))).toBe(false);
    const seen = probe(ENGINE_WORKER_EXEC_ARGV);
    // What a semispace holds: its size less about 2 % of page headers.
    expect(seen.before).toBeLessThan(1 * MIB);
    expect(seen.after).toBeGreaterThan(0.95 * TRAFFIC_SEMI_SPACE_MIB * MIB);
    expect(seen.after).toBeLessThanOrEqual(TRAFFIC_SEMI_SPACE_MIB * MIB);
    // V8 grows it in its scavenges; the objects kept alive for that are meant to live through one, not
    // into the old generation: about 0.4 MiB ends up there (keeping half the young generation alive
    // instead of a quarter: about 1 MiB).
    expect(seen.scavenges).toBeGreaterThanOrEqual(4);
    expect(seen.oldGrowth).toBeLessThan(0.7 * MIB);
  });

  it('leaves a process started without the cap as it is', () => {
    const seen = probe([]);
    expect(seen.after).toBe(seen.before);
    expect(seen.scavenges).toBe(0);
  });

  it('grows it when BURST_CHUNKS chunks took less than BURST_WINDOW_MS, and only if it is smaller', () => {
    let clock = 0;
    let capacity = 1 * MIB;
    let grown = 0;
    const sizer = createYoungGenerationSizer(
      ['--regexp-interpret-all', YOUNG_GENERATION_CAP],
      () => clock,
      () => capacity,
      () => {
        grown++;
        capacity = 0.98 * TRAFFIC_SEMI_SPACE_MIB * MIB;
        return capacity;
      },
    );
    const chunks = (n: number, every: number): void => {
      for (let i = 0; i < n; i++) {
        sizer.chunkMoved();
        clock += every;
      }
    };
    // Slow traffic: each BURST_CHUNKS took longer than the window.
    chunks(4 * BURST_CHUNKS, (BURST_WINDOW_MS + 10) / BURST_CHUNKS);
    expect(grown).toBe(0);
    // A burst: grown once it has been seen (the second count within the window).
    chunks(2 * BURST_CHUNKS, 1);
    expect(grown).toBe(1);
    // Still at the traffic size: nothing to do.
    chunks(4 * BURST_CHUNKS, 1);
    expect(grown).toBe(1);
    // The memory reducer shrank it in a quiet spell; the next burst grows it again.
    capacity = 1 * MIB;
    clock += 60_000;
    chunks(2 * BURST_CHUNKS, 1);
    expect(grown).toBe(2);
  });

  it('the traffic size is the cap less page headers, not half of it', () => {
    expect(atTrafficSize(0.98 * TRAFFIC_SEMI_SPACE_MIB * MIB)).toBe(true);
    expect(atTrafficSize((TRAFFIC_SEMI_SPACE_MIB / 2) * MIB)).toBe(false);
  });

  it('in a process started without the cap, a chunk costs a call to an empty function', () => {
    let asked = 0;
    const sizer = createYoungGenerationSizer(
      ['--max-opt=0'],
      () => 0,
      () => ++asked,
      () => 0,
    );
    for (let i = 0; i < 4 * BURST_CHUNKS; i++) sizer.chunkMoved();
    expect(asked).toBe(0);
  });
});
