// How a `*.bench.ts` entry runs its measurement: bundled to CommonJS first (the test rportd's ssh2
// imports only resolve in CommonJS; Node's ESM loader cannot see ssh2's named exports), then run in a
// fresh Node process whose stdout (ending with the JSON line) is the bench's result.
import { build } from 'esbuild';
import { BENCH_BUNDLE_OPTIONS } from './bench-bundle.mjs';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export async function runBundledMeasure(entry: string): Promise<never> {
  const outDir = path.resolve('node_modules/.cache/rport-tray-bench');
  const outfile = path.join(outDir, `${path.basename(entry, '.ts')}.cjs`);
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [entry],
    ...BENCH_BUNDLE_OPTIONS,
    outfile,
  });
  const run = spawnSync(process.execPath, [outfile], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  process.stdout.write(run.stdout);
  process.exit(run.status ?? 1);
}
