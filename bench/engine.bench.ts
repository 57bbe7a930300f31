// `npm run bench` entry for the engine: bundles the measurement and the engine runner to CommonJS (the
// test rportd's ssh2 imports need CJS; a bundled runner is also what the idle RSS should be measured
// on, not a tsx-loaded one), then runs the measurement in a fresh process. Its JSON line is the result.
import { build } from 'esbuild';
import { BENCH_BUNDLE_OPTIONS } from './bench-bundle.mjs';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

const outDir = path.resolve('node_modules/.cache/rport-tray-bench');
mkdirSync(outDir, { recursive: true });
const measure = path.join(outDir, 'engine-measure.cjs');
const runner = path.join(outDir, 'engine-runner.cjs');
await build({ ...BENCH_BUNDLE_OPTIONS, entryPoints: ['bench/engine-measure.ts'], outfile: measure });
await build({ ...BENCH_BUNDLE_OPTIONS, entryPoints: ['test/support/engine/engine-runner.ts'], outfile: runner });
const run = spawnSync(process.execPath, [measure], {
  stdio: ['ignore', 'pipe', 'inherit'],
  encoding: 'utf8',
  env: { ...process.env, RPORT_ENGINE_RUNNER_CJS: runner },
});
process.stdout.write(run.stdout);
process.exit(run.status ?? 1);
