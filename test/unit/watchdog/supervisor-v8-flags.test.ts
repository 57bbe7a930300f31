// The supervisor of `run` keeps V8 to its interpreters for its own code (README "Memory").
import { describe, expect, it } from 'vitest';
import { applySupervisorV8Flags, SUPERVISOR_V8_FLAGS } from '../../../main/watchdog/supervisor-v8-flags';
import { BASELINE, runTierProbe, TURBOFANNED } from '../../support/v8-tiers';

/**
 * Sets `flags` at run time as the supervisor does, then runs a hot function for a while and a regular
 * expression created after the flags twenty times; reports the function's tier and how the regexp runs.
 */
const afterHotLoop = (flags: readonly string[]) =>
  runTierProbe<{ tier: number; regexpInterpreted: boolean }>(
    [],
    `for (const flag of ${JSON.stringify(flags)}) require('node:v8').setFlagsFromString(flag);
spin(hot);
const re = new RegExp('a(b+)c');
for (let i = 0; i < 20; i++) re.exec('xxabbbc' + i);
console.log(JSON.stringify({ tier: status(hot), regexpInterpreted: interpreted(re) }));`,
  );

describe('supervisor V8 flags', () => {
  it('keep a hot function and a used regexp interpreted, where Node would otherwise compile both', () => {
    const normal = afterHotLoop([]);
    expect(normal.tier & TURBOFANNED).toBe(TURBOFANNED);
    expect(normal.regexpInterpreted).toBe(false);
    const limited = afterHotLoop(SUPERVISOR_V8_FLAGS);
    expect(limited.tier & (TURBOFANNED | BASELINE)).toBe(0);
    expect(limited.regexpInterpreted).toBe(true);
  });

  it('are set one by one through V8, and are only these two', () => {
    const set: string[] = [];
    applySupervisorV8Flags((flag) => set.push(flag));
    expect(set).toEqual(['--max-opt=0', '--regexp-interpret-all']);
  });
});
