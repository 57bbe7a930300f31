// `npm run bench` entry for recovery: bundles the measurement to CommonJS (the test rportd's ssh2 imports
// need CJS, as in the other benches) and runs it in a fresh process; its JSON line is the result.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

const outDir = path.resolve('node_modules/.cache/rport-tray-bench');
const outfile = path.join(outDir, 'recovery-measure.cjs');
mkdirSync(outDir, { recursive: true });
await build({
  entryPoints: ['bench/recovery-measure.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  outfile,
  logLevel: 'warning',
  define: { 'import.meta.url': '__bench_import_meta_url', __APP_VERSION__: '"bench"' },
  banner: { js: "const __bench_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
});
const run = spawnSync(process.execPath, [outfile], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
process.stdout.write(run.stdout);
process.exit(run.status ?? 1);
