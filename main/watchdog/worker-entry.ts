// The engine worker process: one entry for Electron's utilityProcess (`process.parentPort`) and Node's
// child_process.fork (`process.send`). It runs the engine with the remote features and relays commands
// and events to and from the supervisor (main/watchdog/worker-runtime.ts). No SIGTERM handler on
// purpose: the supervisor asks over the channel and kills with SIGKILL when that goes unanswered.
import { APP_VERSION } from '../shared/app-version';
import { testEngineTimings } from './test-overrides';
import { parentChannel } from './worker-channel';
import { runWorker } from './worker-runtime';
import { createEngine } from '../engine/engine';
import type { EngineTimings } from '../engine/engine-timings';
import { createRemoteFeatures } from '../engine/remote';
import { youngGeneration } from '../engine/young-generation';

const channel = parentChannel();
const timings = testEngineTimings<EngineTimings>();

// Best effort: the exit code and the stack on stderr tell the supervisor the rest.
process.on('uncaughtExceptionMonitor', (err) => {
  channel.send({ type: 'fatal', message: err instanceof Error ? err.message : String(err) });
});

// Keeps an idle worker's young generation to one page (main/engine/young-generation.ts).
youngGeneration.scavengeWhileQuiet();

runWorker({
  channel,
  createEngine: () => createEngine({ features: createRemoteFeatures(), ...(timings ? { timings } : {}) }),
  pid: process.pid,
  version: APP_VERSION,
  env: process.env,
  exit: (code) => process.exit(code),
});
