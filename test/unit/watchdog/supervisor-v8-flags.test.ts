// The supervisor of `run` keeps V8 from using TurboFan on its own code (README "Memory").
import { describe, expect, it } from 'vitest';
import { applySupervisorV8Flags, SUPERVISOR_V8_FLAGS } from '../../../main/watchdog/supervisor-v8-flags';
import { BASELINE, runTierProbe, TURBOFANNED } from '../../support/v8-tiers';

/** Sets `flags` at run time as the supervisor does, runs a hot function for a while, reports its tier. */
const tierAfterHotLoop = (flags: readonly string[]): number =>
  runTierProbe<number>(
    [],
    `for (const flag of ${JSON.stringify(flags)}) require('node:v8').setFlagsFromString(flag);
spin(hot);
console.log(status(hot));`,
  );

describe('supervisor V8 flags', () => {
  it('keep a hot function at the baseline tier, where Node would otherwise optimise it with TurboFan', () => {
    expect(tierAfterHotLoop([]) & TURBOFANNED).toBe(TURBOFANNED);
    const limited = tierAfterHotLoop(SUPERVISOR_V8_FLAGS);
    expect(limited & TURBOFANNED).toBe(0);
    expect(limited & BASELINE).toBe(BASELINE);
  });

  it('are set one by one through V8, and are only the tier limit', () => {
    const set: string[] = [];
    applySupervisorV8Flags((flag) => set.push(flag));
    expect(set).toEqual(['--max-opt=1']);
  });
});
