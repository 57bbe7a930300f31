// `npm run bench` entry for the engine: bundles the measurement and the engine runner to CommonJS (the
// test rportd's ssh2 imports need CJS; a bundled runner is also what the idle RSS should be measured
// on, not a tsx-loaded one), then runs the measurement in a fresh process. Its JSON line is the result.
import { bundleEntries } from './bench-bundle.mjs';
import { spawnSync } from 'node:child_process';

const { 'engine-measure': measure, 'engine-runner': runner } = await bundleEntries('rport-tray-bench', {
  'engine-measure': 'bench/engine-measure.ts',
  'engine-runner': 'test/support/engine/engine-runner.ts',
});
const run = spawnSync(process.execPath, [measure], {
  stdio: ['ignore', 'pipe', 'inherit'],
  encoding: 'utf8',
  env: { ...process.env, RPORT_ENGINE_RUNNER_CJS: runner },
});
process.stdout.write(run.stdout);
process.exit(run.status ?? 1);
