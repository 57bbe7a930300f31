// The engine grows V8's young generation to the traffic size when tunnel data flows fast, in a process
// started with the worker's cap only (main/engine/young-generation.ts).
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  BURST_CHUNKS,
  BURST_WINDOW_MS,
  EXPOSE_SCAVENGE,
  QUIET_SCAVENGE_MS,
  SCAVENGE_GLOBAL,
  TRAFFIC_SEMI_SPACE_MIB,
  YOUNG_GENERATION_CAP,
  atTrafficSize,
  createYoungGenerationSizer,
  takeExposedGc,
  type ExposedGc,
} from '../../../main/engine/young-generation';
import { ENGINE_WORKER_EXEC_ARGV } from '../../../main/watchdog/engine-worker-v8-flags';

const MIB = 1024 * 1024;
const execFileAsync = promisify(execFile);
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
  const supervisor = await build({
    entryPoints: ['main/watchdog/supervisor-v8-flags.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'silent',
  });
  writeFileSync(path.join(dir, 'supervisor-v8-flags.cjs'), supervisor.outputFiles[0]!.text);
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

  it('in a process started without the cap, a chunk never asks V8 for its heap', () => {
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

interface QuietProbe {
  /** The young generation's committed memory, the most from the third second on. */
  maxCommitted: number;
  /** What the global holds once the engine's module has loaded. */
  globalLeft: string;
}

type QuietSetup = 'worker' | 'supervisor' | 'none';

/**
 * Garbage at an idle process's pace (compressed: about 250 KB/s instead of a few KB/s, under V8's 1 MB/s
 * "low allocation rate"), a little of it kept for a while, for 6 s, with the scavenges every 300 ms of the
 * worker (its flags, the engine's sizer), of the supervisor (no flags, gc() exposed at run time) or none
 * (the worker's flags only).
 */
async function quietProbe(setup: QuietSetup): Promise<QuietProbe> {
  const script = path.join(dir, `quiet-probe-${setup}.cjs`);
  const start = {
    worker: "require('./young-generation.cjs').youngGeneration.scavengeWhileQuiet(300);",
    supervisor: "require('./supervisor-v8-flags.cjs').scavengeSupervisor(300);",
    none: "require('./young-generation.cjs');",
  }[setup];
  writeFileSync(
    script,
    `const v8 = require('node:v8');
${start}
const globalLeft = typeof globalThis[${JSON.stringify(SCAVENGE_GLOBAL)}];
const committed = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').physical_space_size;
const start = Date.now();
const kept = [];
let maxCommitted = 0;
let ticks = 0;
const tick = setInterval(() => {
  for (let i = 0; i < 50; i++) {
    const o = { i, pair: [i, i] };
    if (i % 50 === 0) kept.push(o);
  }
  if (kept.length > 2000) kept.splice(0, 1000);
  if (++ticks % 10 === 0 && Date.now() - start > 3000) maxCommitted = Math.max(maxCommitted, committed());
}, 10);
setTimeout(() => {
  clearInterval(tick);
  console.log(JSON.stringify({ maxCommitted, globalLeft }));
}, 6000);`,
  );
  const args = setup === 'supervisor' ? [] : ENGINE_WORKER_EXEC_ARGV;
  const run = await execFileAsync(process.execPath, [...args, script], { encoding: 'utf8', timeout: 30_000 });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as QuietProbe;
}

describe('the young generation kept small while no tunnel data moves', () => {
  afterEach(() => vi.useRealTimers());

  it('in the worker and the supervisor, the scavenges keep it to one page; without them V8 fills and commits both halves', async () => {
    expect(ENGINE_WORKER_EXEC_ARGV).toContain(EXPOSE_SCAVENGE);
    const [worker, supervisor, none] = await Promise.all([
      quietProbe('worker'),
      quietProbe('supervisor'),
      quietProbe('none'),
    ]);
    // The engine took V8's gc() off the global (it stays defined, as V8 does not let it be deleted).
    expect(worker.globalLeft).toBe('undefined');
    expect(none.globalLeft).toBe('undefined');
    // One 256 KiB page and its header; without them up to 2 MiB as the semispace fills and is scavenged.
    expect(worker.maxCommitted).toBeLessThanOrEqual(0.3 * MIB);
    expect(supervisor.maxCommitted).toBeLessThanOrEqual(0.3 * MIB);
    expect(none.maxCommitted).toBeGreaterThanOrEqual(1 * MIB);
  }, 60_000);

  it('scavenges on a turn only when no chunk moved since the previous one, until stopped', () => {
    vi.useFakeTimers();
    const asked: string[] = [];
    const gc: ExposedGc = (options) => void asked.push(options.type);
    const sizer = createYoungGenerationSizer(
      [YOUNG_GENERATION_CAP],
      () => 0,
      () => TRAFFIC_SEMI_SPACE_MIB * MIB,
      () => 0,
      gc,
    );
    const stop = sizer.scavengeWhileQuiet();
    vi.advanceTimersByTime(QUIET_SCAVENGE_MS);
    expect(asked).toEqual(['minor']);
    // Tunnel data during the next turn: no scavenge at its end; a quiet turn after it: one.
    vi.advanceTimersByTime(QUIET_SCAVENGE_MS / 2);
    sizer.chunkMoved();
    vi.advanceTimersByTime(QUIET_SCAVENGE_MS / 2);
    expect(asked).toHaveLength(1);
    vi.advanceTimersByTime(QUIET_SCAVENGE_MS);
    expect(asked).toHaveLength(2);
    stop();
    vi.advanceTimersByTime(10 * QUIET_SCAVENGE_MS);
    expect(asked).toHaveLength(2);
  });

  it('scavenges right after a burst of garbage outside tunnel traffic, while the scavenges run', () => {
    vi.useFakeTimers();
    const asked: string[] = [];
    const sizer = createYoungGenerationSizer(
      [YOUNG_GENERATION_CAP],
      () => 0,
      () => TRAFFIC_SEMI_SPACE_MIB * MIB,
      () => 0,
      (options) => void asked.push(options.type),
    );
    // Not before the scavenges start (a process that does not keep its young generation small).
    sizer.garbageMade();
    vi.advanceTimersByTime(1);
    expect(asked).toEqual([]);
    const stop = sizer.scavengeWhileQuiet();
    sizer.garbageMade();
    expect(asked).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(asked).toEqual(['minor']);
    // Tunnel data in this turn: left to V8 (and the turn's end).
    sizer.chunkMoved();
    sizer.garbageMade();
    vi.advanceTimersByTime(1);
    expect(asked).toHaveLength(1);
    stop();
    vi.advanceTimersByTime(2 * QUIET_SCAVENGE_MS);
    sizer.garbageMade();
    vi.advanceTimersByTime(1);
    expect(asked).toHaveLength(1);
  });

  it('does nothing in a process without gc() (no timer either)', () => {
    vi.useFakeTimers();
    const sizer = createYoungGenerationSizer(
      [YOUNG_GENERATION_CAP],
      () => 0,
      () => 0,
      () => 0,
      null,
    );
    sizer.scavengeWhileQuiet();
    sizer.garbageMade();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('takes gc() off the global it was exposed under, and finds none where it was not', () => {
    const gc = (): void => {};
    const global: Record<string, unknown> = { [SCAVENGE_GLOBAL]: gc };
    expect(takeExposedGc(global)).toBe(gc);
    expect(global[SCAVENGE_GLOBAL]).toBeUndefined();
    expect(takeExposedGc(global)).toBeNull();
    expect(takeExposedGc({})).toBeNull();
  });
});
