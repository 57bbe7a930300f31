// The engine worker's TurboFan comes on with its first tunnel connection (README "Memory").
import { describe, expect, it } from 'vitest';
import {
  createOptimisingCompilerSwitch,
  START_WITHOUT_TURBOFAN,
  TURBOFAN_ON,
} from '../../../main/engine/optimising-compiler';
import { ENGINE_WORKER_EXEC_ARGV } from '../../../main/watchdog/engine-worker-v8-flags';
import { runTierProbe, TURBOFANNED } from '../../support/v8-tiers';

/**
 * In a process started with the worker's flags: a hot function's tier, then the tier of the same and of
 * a new hot function after `flags` were set at run time, as the switch sets them.
 */
const tiers = (flags: readonly string[]) =>
  runTierProbe<{ before: number; after: number; fresh: number }>(
    ENGINE_WORKER_EXEC_ARGV,
    `spin(hot);
const before = status(hot);
for (const flag of ${JSON.stringify(flags)}) require('node:v8').setFlagsFromString(flag);
spin(hot);
spin(fresh);
console.log(JSON.stringify({ before, after: status(hot), fresh: status(fresh) }));`,
  );

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
