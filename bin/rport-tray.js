#!/usr/bin/env node
// Launcher for the `rport-tray` command: runs the built CLI, building it first when dist/ is missing
// (for example in a checkout where `npm ci` ran with --ignore-scripts). CommonJS (bin/package.json), like
// dist/cli.cjs: an ES module entry would make Node load its ESM loader, ~3 MiB in a process that may run
// for weeks (README "Memory").
'use strict';
const { existsSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { loadInPieces } = require('./load-in-pieces');

const root = path.dirname(__dirname);
const cli = path.join(root, 'dist', 'cli.cjs');
if (!existsSync(cli)) {
  const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: root });
  if (built.status !== 0) {
    process.stderr.write('rport-tray: building the command failed; run `npm run build` to see why\n');
    process.exit(1);
  }
}
// Not require(cli): see load-in-pieces.js.
loadInPieces(cli, module)
  .runCli(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
