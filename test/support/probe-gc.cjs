// V8's gc() for a probe preloaded (--require, --import) into a process of the app, without exposing `gc`
// to the app's own code. The engine worker's own flags expose it under the engine's name (--expose-gc-as),
// which the engine takes off the global when it starts (main/engine/young-generation.ts): a probe loads
// before the worker's bundle, so it takes it first. Elsewhere the process's `gc` (--expose-gc), or one
// exposed at run time in a context of its own.
'use strict';
const v8 = require('node:v8');
const vm = require('node:vm');

const EXPOSE_GC_AS = '--expose-gc-as=';

function probeGc() {
  const exposedAs = process.execArgv.find((arg) => arg.startsWith(EXPOSE_GC_AS))?.slice(EXPOSE_GC_AS.length);
  if (exposedAs && typeof globalThis[exposedAs] === 'function') return globalThis[exposedAs];
  if (typeof globalThis.gc === 'function') return globalThis.gc;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc');
}

module.exports = { probeGc };
