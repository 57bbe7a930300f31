// Where the bundled engine worker is: next to the running bundle (dist/cli.cjs, dist/electron-main.js),
// or in dist/ above a source file when run through tsx (tests). RPORT_TRAY_ENGINE_WORKER overrides.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ENGINE_WORKER_FILE = 'engine-worker.cjs';

export function engineWorkerPath(env: NodeJS.ProcessEnv = process.env, moduleUrl: string = import.meta.url): string {
  if (env.RPORT_TRAY_ENGINE_WORKER) return env.RPORT_TRAY_ENGINE_WORKER;
  let dir = path.dirname(fileURLToPath(moduleUrl));
  for (let depth = 0; depth < 6; depth++) {
    for (const candidate of [path.join(dir, ENGINE_WORKER_FILE), path.join(dir, 'dist', ENGINE_WORKER_FILE)]) {
      if (existsSync(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`the engine worker bundle (${ENGINE_WORKER_FILE}) was not found; run \`npm run build\``);
}
