// The supervisor of `run` keeps V8 from using TurboFan on its own code (README "Memory").
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applySupervisorV8Flags, SUPERVISOR_V8_FLAGS } from '../../../main/watchdog/supervisor-v8-flags';

const dir = mkdtempSync(path.join(tmpdir(), 'rport-supervisor-v8-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// V8's %GetOptimizationStatus bits (src/runtime/runtime.h): TurboFan code, Sparkplug code.
const TURBOFANNED = 1 << 6;
const BASELINE = 1 << 15;

/** Sets `flags` at run time as the supervisor does, runs a hot function for a while, reports its tier. */
function tierAfterHotLoop(flags: readonly string[]): number {
  const probe = path.join(dir, 'probe.cjs');
  writeFileSync(
    probe,
    `for (const flag of ${JSON.stringify(flags)}) require('node:v8').setFlagsFromString(flag);
const status = new Function('f', 'return %GetOptimizationStatus(f)');
function hot(a, b) { return (a * 31 + b) % 1000003; }
let x = 0;
for (let round = 0; round < 2000 && !(status(hot) & ${TURBOFANNED}); round++) for (let i = 0; i < 10000; i++) x = hot(x, i);
console.log(status(hot));`,
  );
  const run = spawnSync(process.execPath, ['--allow-natives-syntax', probe], { encoding: 'utf8', timeout: 60_000 });
  expect(run.stderr).toBe('');
  return Number(run.stdout.trim());
}

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
