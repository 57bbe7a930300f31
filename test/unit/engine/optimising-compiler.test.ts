// The engine worker's TurboFan comes on with its first tunnel connection (README "Memory").
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createOptimisingCompilerSwitch,
  START_WITHOUT_TURBOFAN,
  TURBOFAN_ON,
} from '../../../main/engine/optimising-compiler';
import { ENGINE_WORKER_EXEC_ARGV } from '../../../main/watchdog/engine-worker-v8-flags';

const dir = mkdtempSync(path.join(tmpdir(), 'rport-turbofan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// V8's %GetOptimizationStatus bit for TurboFan code (src/runtime/runtime.h).
const TURBOFANNED = 1 << 6;

/**
 * In a process started with the worker's flags: a hot function's tier, then the tier of the same and of
 * a new hot function after `flags` were set at run time, as the switch sets them.
 */
function tiers(flags: readonly string[]): { before: number; after: number; fresh: number } {
  const probe = path.join(dir, 'probe.cjs');
  writeFileSync(
    probe,
    `const status = new Function('f', 'return %GetOptimizationStatus(f)');
function hot(a, b) { return (a * 31 + b) % 1000003; }
function fresh(a, b) { return (a * 17 + b) % 1000033; }
let x = 0;
const spin = (f) => { for (let round = 0; round < 1000 && !(status(f) & ${TURBOFANNED}); round++) for (let i = 0; i < 10000; i++) x = f(x, i); };
spin(hot);
const before = status(hot);
for (const flag of ${JSON.stringify(flags)}) require('node:v8').setFlagsFromString(flag);
spin(hot);
spin(fresh);
console.log(JSON.stringify({ before, after: status(hot), fresh: status(fresh) }));`,
  );
  const run = spawnSync(process.execPath, ['--allow-natives-syntax', ...ENGINE_WORKER_EXEC_ARGV, probe], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as { before: number; after: number; fresh: number };
}

describe('optimising compiler switch', () => {
  it('the worker starts without TurboFan, and TURBOFAN_ON brings it back for old and new functions', () => {
    expect(ENGINE_WORKER_EXEC_ARGV).toContain(START_WITHOUT_TURBOFAN);
    const seen = tiers(TURBOFAN_ON);
    expect(seen.before & TURBOFANNED).toBe(0);
    expect(seen.after & TURBOFANNED).toBe(TURBOFANNED);
    expect(seen.fresh & TURBOFANNED).toBe(TURBOFANNED);
  });

  it('raising --max-opt alone would not: the start flag also turned --turbofan off', () => {
    const seen = tiers(['--max-opt=999']);
    expect(seen.after & TURBOFANNED).toBe(0);
    expect(seen.fresh & TURBOFANNED).toBe(0);
  });

  it('turns TurboFan on once, in a process started without it', () => {
    const set: string[] = [];
    const limited = createOptimisingCompilerSwitch(['--min-semi-space-size=4', START_WITHOUT_TURBOFAN], (f) =>
      set.push(f),
    );
    expect(limited.turnOn()).toBe(true);
    expect(set).toEqual(['--max-opt=999', '--turbofan']);
    expect(limited.turnOn()).toBe(false);
    expect(set).toHaveLength(2);
  });

  it('leaves a process started otherwise as it is', () => {
    const set: string[] = [];
    const normal = createOptimisingCompilerSwitch(['--min-semi-space-size=4'], (f) => set.push(f));
    expect(normal.turnOn()).toBe(false);
    expect(set).toEqual([]);
  });
});
