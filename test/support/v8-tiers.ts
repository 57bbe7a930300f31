// What V8 made of a hot function, seen from a child Node process with natives syntax: the tests of the
// V8 flags the app sets (supervisor-v8-flags.ts, jit-compilers.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';

// %GetOptimizationStatus bits (V8's src/runtime/runtime.h): TurboFan code, Sparkplug code.
export const TURBOFANNED = 1 << 6;
export const BASELINE = 1 << 15;
/** Marked for optimisation, or being optimised in the background. */
const COMPILING = (1 << 8) | (1 << 9) | (1 << 10);

/**
 * Runs `body` in `node --allow-natives-syntax ...nodeArgs` and returns what it printed as JSON. The body
 * has `status(f)` (the optimisation status), `spin(f)` (calls `f(a, b)` hot until TurboFan optimises it:
 * ten million times at most, unless a compilation is pending then, which on a loaded machine can take a
 * while in the background: then for up to 20 s), two hot functions, `hot` and `fresh`, and
 * `interpreted(re)` (whether a regular expression runs as V8's regexp bytecode; after its first match it
 * is otherwise machine code).
 */
export function runTierProbe<T>(nodeArgs: readonly string[], body: string): T {
  const dir = mkdtempSync(path.join(tmpdir(), 'rport-v8-tiers-'));
  try {
    const probe = path.join(dir, 'probe.cjs');
    writeFileSync(
      probe,
      `const status = new Function('f', 'return %GetOptimizationStatus(f)');
const interpreted = new Function('re', 'return %RegexpHasBytecode(re, true)');
function hot(a, b) { return (a * 31 + b) % 1000003; }
function fresh(a, b) { return (a * 17 + b) % 1000033; }
let x = 0;
const spin = (f) => { const end = Date.now() + 20000; for (let round = 0; !(status(f) & ${TURBOFANNED}) && (round < 1000 || (status(f) & ${COMPILING} && Date.now() < end)); round++) for (let i = 0; i < 10000; i++) x = f(x, i); };
${body}`,
    );
    const run = spawnSync(process.execPath, ['--allow-natives-syntax', ...nodeArgs, probe], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    return JSON.parse(run.stdout) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
