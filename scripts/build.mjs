// Builds every bundle the app and the CLI need into dist/:
//   dist/cli.cjs           the `rport-tray` command (plain Node, no Electron)
//   dist/engine-worker.cjs the engine worker entry (utilityProcess in the app, child_process.fork headless)
//   dist/electron-main.js  the Electron main process (ESM; what it imports on first use in dist/chunks/)
//   dist/preload.cjs       the preload script (CommonJS: sandboxed preloads cannot be ESM)
//   dist/renderer/         the React window (vite), served by Electron and by the headless web UI
// Node bundles keep node_modules external (but zod's mini build, scripts/bundle-zod-mini.mjs): ssh2 internals are patched at run time and must be the same
// module instances ssh2 itself uses.
// The two processes of `rport-tray run` are CommonJS: an ES module entry makes Node load its ESM loader,
// about 3 MiB in each long-lived process (README "Memory"). What their code loads with a dynamic import()
// (remote features, the web UI server, zod schemas, conf...) stays in the bundle uninitialised and its
// packages are required only when that import runs. Packages that are ES modules only are imported
// dynamically, or required as ES modules (Node >= 20.19, the engines field).
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import fs from 'node:fs';
import { bundleZodMini } from './bundle-zod-mini.mjs';
import { writeAsciiOnly } from './ascii-output.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(root, 'dist');
const only = process.argv.includes('--node-only') ? 'node' : 'all';
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  packages: 'external',
  plugins: [bundleZodMini],
  logLevel: 'warning',
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
};

fs.mkdirSync(dist, { recursive: true });
// Chunk names carry a content hash: drop the previous build's, or they would pile up and be packaged.
fs.rmSync(path.join(dist, 'chunks'), { recursive: true, force: true });
await Promise.all([
  build({
    ...common,
    format: 'cjs',
    entryPoints: { cli: 'main/cli/cli.ts', 'engine-worker': 'main/watchdog/worker-entry.ts' },
    outdir: dist,
    outExtension: { '.js': '.cjs' },
    define: { ...common.define, 'import.meta.url': '__import_meta_url' },
    banner: { js: "const __import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
  }),
  build({
    ...common,
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    entryPoints: { 'electron-main': 'main/electron/electron-main.ts' },
    outdir: dist,
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  }),
  // A sandboxed preload can require nothing but `electron` (and a few Node shims): bundle its packages (zod).
  build({
    ...common,
    packages: 'bundle',
    external: ['electron'],
    format: 'cjs',
    entryPoints: ['preload/preload.ts'],
    outfile: path.join(dist, 'preload.cjs'),
  }),
]);
const chunks = path.join(dist, 'chunks');
writeAsciiOnly([
  ...['cli.cjs', 'engine-worker.cjs', 'electron-main.js', 'preload.cjs'].map((f) => path.join(dist, f)),
  ...fs
    .readdirSync(chunks)
    .filter((f) => f.endsWith('.js'))
    .map((f) => path.join(chunks, f)),
]);
if (only === 'all') {
  await viteBuild({ configFile: path.join(root, 'renderer/vite.config.ts'), logLevel: 'warn' });
}
fs.writeFileSync(path.join(dist, '.build-stamp'), new Date().toISOString());
