// How every bench tool bundles a measurement or an engine runner to CommonJS for plain Node: packages stay
// external (the ssh2 patch and its hashes apply to node_modules), import.meta.url still names the bundle,
// and the version is a fixed "bench".
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

const BENCH_BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  logLevel: 'warning',
  define: { 'import.meta.url': '__bench_import_meta_url', __APP_VERSION__: '"bench"' },
  banner: { js: "const __bench_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
};

/** Bundles each entry point to `node_modules/.cache/<cache>/<name>.cjs` and returns those paths by name. */
export async function bundleEntries(cache, entries) {
  const outDir = path.resolve('node_modules/.cache', cache);
  mkdirSync(outDir, { recursive: true });
  const outfiles = {};
  for (const [name, entry] of Object.entries(entries)) {
    outfiles[name] = path.join(outDir, `${name}.cjs`);
    await build({ ...BENCH_BUNDLE_OPTIONS, entryPoints: [entry], outfile: outfiles[name] });
  }
  return outfiles;
}
