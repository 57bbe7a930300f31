// Preloaded (--import) into the engine worker by the load and abuse tests. On request it runs a full
// garbage collection (test/support/probe-gc.cjs) and reports the heap, RSS and open file descriptors of its
// own process, so a test can tell real growth from garbage not yet collected.
// The worker runtime ignores message types it does not know, so this rides the same IPC channel.
import { readdirSync } from 'node:fs';
import { probeGc } from '../probe-gc.cjs';

const gc = probeGc();

process.on('message', (message) => {
  if (!message || message.type !== 'test-measure') return;
  gc();
  gc();
  const memory = process.memoryUsage();
  let fds = -1;
  try {
    fds = readdirSync('/proc/self/fd').length;
  } catch {
    // Not Linux: the test reads fds as unknown.
  }
  if (process.connected)
    process.send({ type: 'test-measurement', id: message.id, heapUsed: memory.heapUsed, rss: memory.rss, fds });
});
