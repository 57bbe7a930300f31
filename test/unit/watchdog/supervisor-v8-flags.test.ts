// The supervisor of `run` keeps V8 to its interpreter for its own code (README "Memory").
import { spawnSync } from 'node:child_process';
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
  it('keep a hot function interpreted, where Node would otherwise compile it with Sparkplug and TurboFan', () => {
    expect(tierAfterHotLoop([]) & TURBOFANNED).toBe(TURBOFANNED);
    const limited = tierAfterHotLoop(SUPERVISOR_V8_FLAGS);
    expect(limited & (TURBOFANNED | BASELINE)).toBe(0);
  });

  it('are set one by one through V8, and are only the tier limit', () => {
    const set: string[] = [];
    applySupervisorV8Flags((flag) => set.push(flag));
    expect(set).toEqual(['--max-opt=0']);
  });

  it('leave out --regexp-interpret-all: set at run time, it crashes a process at the next long match of a compiled regexp', () => {
    const script = `const re = /a(b+)c/g;
for (let i = 0; i < 5; i++) 'xxabbbc'.replace(re, 'Z');
require('node:v8').setFlagsFromString(process.argv[1]);
for (let i = 0; i < 100; i++) ('xxabbbc' + i).replace(re, 'Z');
'abc'.repeat(5000).replace(re, '');
console.log('survived');`;
    const run = (flag: string) =>
      spawnSync(process.execPath, ['-e', script, '--', flag], { encoding: 'utf8', timeout: 30_000 });
    expect(run('--max-opt=0').stdout).toBe('survived\n');
    const crashed = run('--regexp-interpret-all');
    expect(crashed.signal).toBe('SIGSEGV');
    expect(crashed.stdout).toBe('');
  });
});
