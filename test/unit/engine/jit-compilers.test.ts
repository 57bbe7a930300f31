// The engine worker's JIT compilers come on with its first tunnel connection (README "Memory").
import { describe, expect, it } from 'vitest';
import { createJitCompilersSwitch, START_INTERPRETED, COMPILERS_ON } from '../../../main/engine/jit-compilers';
import { ENGINE_WORKER_EXEC_ARGV } from '../../../main/watchdog/engine-worker-v8-flags';
import { BASELINE, runTierProbe, TURBOFANNED } from '../../support/v8-tiers';

/**
 * In a process started with the worker's flags: a hot function's tier, then, after `flags` were set at
 * run time as the switch sets them, the tier of the same and of a new hot function, and of a function
 * called just often enough for Sparkplug (3,000 times; TurboFan takes it later); and whether a regexp
 * used before and one created after run interpreted.
 */
const tiers = (flags: readonly string[]) =>
  runTierProbe<{
    before: number;
    after: number;
    fresh: number;
    warm: number;
    regexpBefore: boolean;
    regexpAfter: boolean;
  }>(
    ENGINE_WORKER_EXEC_ARGV,
    `spin(hot);
const before = status(hot);
const early = new RegExp('a(b+)c');
for (let i = 0; i < 20; i++) early.exec('xxabbbc' + i);
for (const flag of ${JSON.stringify(flags)}) require('node:v8').setFlagsFromString(flag);
function warm(a, b) { return (a * 13 + b) % 1000037; }
for (let i = 0; i < 3000; i++) x = warm(x, i);
const warmStatus = status(warm);
spin(hot);
spin(fresh);
const late = new RegExp('d(e+)f');
for (let i = 0; i < 20; i++) late.exec('xxdeef' + i);
console.log(JSON.stringify({ before, after: status(hot), fresh: status(fresh), warm: warmStatus,
  regexpBefore: interpreted(early), regexpAfter: interpreted(late) }));`,
  );

describe('JIT compilers switch', () => {
  it('the worker starts interpreted, and COMPILERS_ON brings Sparkplug and TurboFan back, not the regexp compiler', () => {
    expect(ENGINE_WORKER_EXEC_ARGV).toContain(START_INTERPRETED);
    const seen = tiers(COMPILERS_ON);
    expect(seen.before & (TURBOFANNED | BASELINE)).toBe(0);
    // --regexp-interpret-all is for good (engine-worker-v8-flags.ts): regexps before and after stay bytecode.
    expect(seen.regexpBefore).toBe(true);
    expect(seen.regexpAfter).toBe(true);
    expect(seen.warm & BASELINE).toBe(BASELINE);
    expect(seen.after & TURBOFANNED).toBe(TURBOFANNED);
    expect(seen.fresh & TURBOFANNED).toBe(TURBOFANNED);
  });

  it('raising --max-opt alone would not: the start flag also turned --sparkplug and --turbofan off', () => {
    const seen = tiers(['--max-opt=999']);
    expect(seen.warm & BASELINE).toBe(0);
    expect(seen.after & TURBOFANNED).toBe(0);
    expect(seen.fresh & TURBOFANNED).toBe(0);
  });

  it('turns the compilers on once, in a process started without them', () => {
    const set: string[] = [];
    const limited = createJitCompilersSwitch(['--max-semi-space-size=4', START_INTERPRETED], (f) => set.push(f));
    expect(limited.turnOn()).toBe(true);
    expect(set).toEqual(['--max-opt=999', '--sparkplug', '--turbofan']);
    expect(limited.turnOn()).toBe(false);
    expect(set).toHaveLength(3);
  });

  it('leaves a process started otherwise as it is', () => {
    const set: string[] = [];
    const normal = createJitCompilersSwitch(['--max-semi-space-size=4'], (f) => set.push(f));
    expect(normal.turnOn()).toBe(false);
    expect(set).toEqual([]);
  });
});
