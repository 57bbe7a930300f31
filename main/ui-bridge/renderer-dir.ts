// Where the built window is: dist/renderer next to the running bundle (dist/cli.cjs), or under dist/
// above a source file when run through tsx (tests). RPORT_TRAY_RENDERER_DIR overrides.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function rendererDir(env: NodeJS.ProcessEnv = process.env, moduleUrl: string = import.meta.url): string {
  if (env.RPORT_TRAY_RENDERER_DIR) return env.RPORT_TRAY_RENDERER_DIR;
  let dir = path.dirname(fileURLToPath(moduleUrl));
  for (let depth = 0; depth < 6; depth++) {
    for (const candidate of [path.join(dir, 'renderer'), path.join(dir, 'dist', 'renderer')]) {
      if (existsSync(path.join(candidate, 'index.html'))) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error('the built window (dist/renderer/index.html) was not found; run `npm run build`');
}
