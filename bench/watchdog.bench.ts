// `npm run bench` entry for the watchdog. The measurement (watchdog-measure.ts) drives the test rportd,
// whose ssh2 imports only resolve in CommonJS (Node's ESM loader cannot see ssh2's named exports), so
// it is bundled to CJS first and run in a fresh Node process; its JSON line is the bench's result.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

const outDir = path.resolve('node_modules/.cache/rport-tray-bench');
const outfile = path.join(outDir, 'watchdog-measure.cjs');
mkdirSync(outDir, { recursive: true });
await build({
  entryPoints: ['bench/watchdog-measure.ts'],
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
