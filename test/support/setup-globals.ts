// Vitest setup: the globals the build injects with esbuild `define`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// A path, not a URL object: under happy-dom the global URL is the DOM's, which node:fs refuses.
const pkgPath = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'package.json');
const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { version: string };
(globalThis as { __APP_VERSION__?: string }).__APP_VERSION__ = pkg.version;
