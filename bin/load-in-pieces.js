// Loads a CommonJS file as require() would, but reads it in 64 KiB pieces. Node's require() reads a file
// into one buffer that doubles as it goes (256 KiB, 512 KiB, 1 MiB for dist/cli.cjs) and frees it; glibc's
// malloc, seeing a block that large freed, raises its thresholds for good (it then keeps up to 2 MiB of
// freed memory instead of returning it): the long-lived supervisor of `run` held about 1.8 MiB more RSS for
// the rest of its run (MALLOC_TRIM_THRESHOLD_ set at start, which turns that off, showed the same; README
// "Memory"). Pieces below malloc's first threshold (128 KiB) never raise it.
'use strict';
const { closeSync, openSync, readSync } = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { StringDecoder } = require('node:string_decoder');

const PIECE = 64 * 1024;

/** The file's exports; `parent` is the module that asks, as for require(). */
function loadInPieces(file, parent) {
  const cached = Module._cache[file];
  if (cached) return cached.exports;
  const piece = Buffer.allocUnsafe(PIECE);
  const decoder = new StringDecoder('utf8');
  let source = '';
  const fd = openSync(file, 'r');
  try {
    for (let n; (n = readSync(fd, piece, 0, PIECE, null)) > 0;) source += decoder.write(piece.subarray(0, n));
    source += decoder.end();
  } finally {
    closeSync(fd);
  }
  const loaded = new Module(file, parent);
  loaded.filename = file;
  loaded.paths = Module._nodeModulePaths(path.dirname(file));
  Module._cache[file] = loaded;
  try {
    loaded._compile(source, file);
  } catch (err) {
    delete Module._cache[file];
    throw err;
  }
  loaded.loaded = true;
  return loaded.exports;
}

module.exports = { loadInPieces };
