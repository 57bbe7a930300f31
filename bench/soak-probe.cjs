// Preloaded (NODE_OPTIONS=--require) into both processes of the soak's `rport-tray run`: every
// RPORT_TRAY_SOAK_PROBE_MS it appends the process's own V8 heap and memory figures to
// <RPORT_TRAY_SOAK_PROBE_DIR>/probe-<pid>.jsonl, and once a minute the heap in use right after a full
// collection (`heapAfterGc`: what the process really holds, not garbage waiting for the next major GC).
// CommonJS and --require on purpose: an --import'ed ES module would load Node's ESM loader into processes
// that do not otherwise have it (README "Memory").
'use strict';
const { appendFileSync } = require('node:fs');
const path = require('node:path');
const v8 = require('node:v8');
const vm = require('node:vm');

// A full collection on demand without exposing `gc` to the app's own code.
v8.setFlagsFromString('--expose-gc');
const fullGc = vm.runInNewContext('gc');
const GC_EVERY_MS = 60_000;
let lastGc = 0;

const dir = process.env.RPORT_TRAY_SOAK_PROBE_DIR;
const every = Number(process.env.RPORT_TRAY_SOAK_PROBE_MS || 10000);
if (dir) {
  const file = path.join(dir, `probe-${process.pid}.jsonl`);
  const role = path.basename(process.argv[1] || '');
  const sample = () => {
    let heapAfterGc = null;
    if (Date.now() - lastGc >= GC_EVERY_MS) {
      lastGc = Date.now();
      fullGc();
      heapAfterGc = process.memoryUsage().heapUsed;
    }
    const m = process.memoryUsage();
    const newSpace = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    const line = {
      at: Date.now(),
      pid: process.pid,
      role,
      rss: m.rss,
      heapUsed: m.heapUsed,
      heapTotal: m.heapTotal,
      external: m.external,
      arrayBuffers: m.arrayBuffers,
      newSpace: newSpace ? newSpace.space_size : null,
      heapAfterGc,
    };
    try {
      appendFileSync(file, `${JSON.stringify(line)}\n`);
    } catch {
      // The run's folder is gone: the soak is over.
    }
  };
  setInterval(sample, every).unref();
}
