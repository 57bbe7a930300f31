// The worker's sign of life, independent of the engine and of keep_alive: a small message from the
// worker's event loop every `WORKER_HEARTBEAT_MS`. A worker whose loop is blocked, that is stopped
// (SIGSTOP) or whose channel is wedged stops sending it, and the supervisor's liveness check replaces it
// within seconds, whatever keep_alive is. It proves only that the process runs: whether the engine makes
// progress is the progress deadline's business (progress-deadline.ts).
import type { WorkerMessage } from '../shared/types/engine-types';

/** How often the worker says it is alive; the supervisor's liveness deadline is a few of these. */
export const WORKER_HEARTBEAT_MS = 500;

/** The liveness deadline is never shorter than this many heartbeat intervals (a late tick is not death). */
export const MIN_HEARTBEATS_PER_DEADLINE = 3;

/** Starts the heartbeat; returns the function that stops it. The timer does not keep the process alive. */
export function startWorkerHeartbeat(send: (message: WorkerMessage) => void, intervalMs = WORKER_HEARTBEAT_MS) {
  const timer = setInterval(() => send({ type: 'alive' }), intervalMs);
  timer.unref();
  return (): void => clearInterval(timer);
}
