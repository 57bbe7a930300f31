// Builds every bundle the app and the CLI need into dist/:
//   dist/cli.js            the `rport-tray` command (plain Node, no Electron)
//   dist/engine-worker.js  the engine worker entry (utilityProcess in the app, child_process.fork headless)
//   dist/electron-main.js  the Electron main process
//   dist/preload.cjs       the preload script (CommonJS: sandboxed preloads cannot be ESM)
//   dist/renderer/         the React window (vite), served by Electron and by the headless web UI
// Node bundles keep node_modules external: ssh2 internals are patched at run time and must be the same
// module instances ssh2 itself uses. They are split (dist/chunks/): what the code loads with a dynamic
// import() (remote features, the web UI server, zod schemas, conf...) is a chunk of its own that Node
// reads only when that import runs, so a process does not pay at start for a feature it has not used.
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import fs from 'node:fs';

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
  logLevel: 'warning',
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
};

fs.mkdirSync(dist, { recursive: true });
// Chunk names carry a content hash: drop the previous build's, or they would pile up and be packaged.
fs.rmSync(path.join(dist, 'chunks'), { recursive: true, force: true });
await Promise.all([
  build({
    ...common,
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    entryPoints: {
      cli: 'main/cli/cli.ts',
      'engine-worker': 'main/watchdog/worker-entry.ts',
      'electron-main': 'main/electron/electron-main.ts',
    },
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
if (only === 'all') {
  await viteBuild({ configFile: path.join(root, 'renderer/vite.config.ts'), logLevel: 'warn' });
}
fs.writeFileSync(path.join(dist, '.build-stamp'), new Date().toISOString());
