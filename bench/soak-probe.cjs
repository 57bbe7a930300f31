// Preloaded (NODE_OPTIONS=--require) into both processes of the soak's `rport-tray run`: every
// RPORT_TRAY_SOAK_PROBE_MS it appends the process's own V8 heap and memory figures to
// <RPORT_TRAY_SOAK_PROBE_DIR>/probe-<pid>.jsonl, and once a minute the heap in use right after a full
// collection (`heapAfterGc`: what the process really holds, not garbage waiting for the next major GC).
// CommonJS and --require on purpose: an --import'ed ES module would load Node's ESM loader into processes
// that do not otherwise have it (README "Memory").
'use strict';
const { appendFileSync, readFileSync } = require('node:fs');
const path = require('node:path');
const v8 = require('node:v8');
const { probeGc } = require('../test/support/probe-gc.cjs');

// A full collection on demand (test/support/probe-gc.cjs).
const fullGc = probeGc();
const GC_EVERY_MS = 60_000;
let lastGc = 0;

const dir = process.env.RPORT_TRAY_SOAK_PROBE_DIR;
const every = Number(process.env.RPORT_TRAY_SOAK_PROBE_MS || 10000);
/** RssAnon and RssFile (bytes) from /proc/self/status; empty off Linux. */
function procStatus() {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kb = (name) => {
      const m = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
      return m ? Number(m[1]) * 1024 : null;
    };
    return { rssAnon: kb('RssAnon'), rssFile: kb('RssFile') };
  } catch {
    return {};
  }
}

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
    const resources = {};
    for (const name of process.getActiveResourcesInfo()) resources[name] = (resources[name] || 0) + 1;
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
      // Which part of RSS: anonymous (malloc, V8's heap) or file-backed (the binary's pages).
      ...procStatus(),
      // Live handles and requests by type (TCPSocketWrap, Timeout, ...): per-connection leftovers.
      resources,
    };
    try {
      appendFileSync(file, `${JSON.stringify(line)}\n`);
    } catch {
      // The run's folder is gone: the soak is over.
    }
  };
  setInterval(sample, every).unref();
}
