// Vitest setup: the globals the build injects with esbuild `define`.
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
(globalThis as { __APP_VERSION__?: string }).__APP_VERSION__ = pkg.version;
