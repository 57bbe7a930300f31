#!/usr/bin/env node
// Launcher for the `rport-tray` command: runs the built CLI, building it first when dist/ is missing
// (for example in a checkout where `npm ci` ran with --ignore-scripts).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cli = path.join(root, 'dist', 'cli.js');
if (!existsSync(cli)) {
  const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: root });
  if (built.status !== 0) {
    process.stderr.write('rport-tray: building the command failed; run `npm run build` to see why\n');
    process.exit(1);
  }
}
const { runCli } = await import(pathToFileURL(cli).href);
process.exitCode = await runCli(process.argv.slice(2));
