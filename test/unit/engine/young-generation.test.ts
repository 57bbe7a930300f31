// The engine grows V8's young generation to the traffic size when tunnel data starts to flow, in a process
// started with the worker's cap only (main/engine/young-generation.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TRAFFIC_SEMI_SPACE_MIB,
  YOUNG_GENERATION_CAP,
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
  grew: boolean;
  after: number;
  again: boolean;
  oldGrowth: number;
  scavenges: number;
}

/** In `node ...nodeArgs`: the young generation's size before and after the sizer ran, and what it cost. */
function probe(nodeArgs: readonly string[]): Probe {
  const script = path.join(dir, 'probe.cjs');
  writeFileSync(
    script,
    `const v8 = require('node:v8');
const { PerformanceObserver, constants } = require('node:perf_hooks');
const { youngGeneration, youngGenerationSize } = require('./young-generation.cjs');
const oldUsed = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'old_space').space_used_size;
let scavenges = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (e.detail.kind === constants.NODE_PERFORMANCE_GC_MINOR) scavenges++;
}).observe({ entryTypes: ['gc'] });
const before = youngGenerationSize();
const old0 = oldUsed();
const grew = youngGeneration.sizeForTraffic();
const oldGrowth = oldUsed() - old0;
const after = youngGenerationSize();
const again = youngGeneration.sizeForTraffic();
setTimeout(() => console.log(JSON.stringify({ before, grew, after, again, oldGrowth, scavenges })), 20);`,
  );
  const run = spawnSync(process.execPath, [...nodeArgs, script], { encoding: 'utf8', timeout: 30_000 });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as Probe;
}

describe('the young generation sized for traffic', () => {
  it('the worker starts with the cap and no floor: V8 gives it 1 MiB, and tunnel traffic has it grown to the cap', () => {
    expect(ENGINE_WORKER_EXEC_ARGV).toContain(YOUNG_GENERATION_CAP);
    expect(ENGINE_WORKER_EXEC_ARGV.some((flag) => flag.startsWith('--min-semi-space-size'))).toBe(false);
    const seen = probe(ENGINE_WORKER_EXEC_ARGV);
    expect(seen.before).toBeLessThan(TRAFFIC_SEMI_SPACE_MIB * MIB);
    expect(seen.grew).toBe(true);
    expect(seen.after).toBe(TRAFFIC_SEMI_SPACE_MIB * MIB);
    // V8 grows it in its scavenges; the objects kept alive for that live through one, not into the old
    // generation (a ring of half the young generation moved about 0.7 MiB there).
    expect(seen.scavenges).toBeGreaterThanOrEqual(2);
    expect(seen.oldGrowth).toBeLessThan(0.4 * MIB);
    // Grown already, and asked again within the second: nothing to do.
    expect(seen.again).toBe(false);
  });

  it('leaves a process started without the cap as it is', () => {
    const seen = probe([]);
    expect(seen.grew).toBe(false);
    expect(seen.after).toBe(seen.before);
    expect(seen.scavenges).toBe(0);
  });

  it('asks V8 at most once a second, and grows only what is smaller than the traffic size', () => {
    let clock = 0;
    let size = 1 * MIB;
    const grown: number[] = [];
    const sizer = createYoungGenerationSizer(
      ['--regexp-interpret-all', YOUNG_GENERATION_CAP],
      () => clock,
      () => size,
      (target) => {
        grown.push(target);
        size = target;
        return size;
      },
    );
    expect(sizer.sizeForTraffic()).toBe(true);
    expect(grown).toEqual([TRAFFIC_SEMI_SPACE_MIB * MIB]);
    size = 1 * MIB; // the memory reducer shrank it
    clock = 999;
    expect(sizer.sizeForTraffic()).toBe(false);
    clock = 1000;
    expect(sizer.sizeForTraffic()).toBe(true);
    clock = 5000;
    expect(sizer.sizeForTraffic()).toBe(false); // still at the traffic size
    expect(grown).toHaveLength(2);
  });
});
