// How long the engine may stay silent (no progress event) in the state it last reported before the
// watchdog calls it stale. Each bound is what a healthy engine can need, so patient retrying against a
// dead server, or a slow dial through every fallback, is never mistaken for a hang.

import type { EngineStateName } from '../shared/types/engine-types';

/** Facts about the engine's own timing that bound its silences (the engine exports them). */
export interface EngineTimingFacts {
  /** The longest one dial (WebSocket upgrade + SSH handshake + `new_connection`) may take. */
  dialTimeoutMs: number;
  /** After a dial succeeds, the longest wait for the `new_connection` reply (once per round of dials). */
  handshakeReplyTimeoutMs: number;
  /**
   * What the keep-alive loop may add beyond `keep_alive + keep_alive_timeout` before it reports a
   * successful ping or gives up: the random jitter of each interval (one attempt per interval, no retries).
   */
  keepAliveExtraMs: number;
}

/** The state the watchdog judges: the engine's last reported one, or `starting` before the first report. */
export type WatchedState = EngineStateName | 'starting';

export interface DeadlineInputs {
  state: WatchedState;
  keepAliveMs: number;
  keepAliveTimeoutMs: number;
  fallbackCount: number;
  /** The wait the engine announced with its last retry (`status.retryInMs`). */
  retryInMs: number | null;
  timing: EngineTimingFacts;
  slackMs: number;
  startupTimeoutMs: number;
}

/** The deadline in ms, or null when the state makes no progress by design (paused, stopped, failed). */
export function progressDeadlineMs(input: DeadlineInputs): number | null {
  // A round tries every server in turn; only the one whose dial succeeds waits for the reply after it.
  const dialRound = (1 + input.fallbackCount) * input.timing.dialTimeoutMs + input.timing.handshakeReplyTimeoutMs;
  switch (input.state) {
    case 'starting':
      return input.startupTimeoutMs;
    case 'initialized':
      // The first round of dials happens in this state: every server may take the full dial timeout.
      return Math.max(input.startupTimeoutMs, dialRound + input.slackMs);
    case 'connected':
      // keep_alive = 0 turns the ping loop off: a connected engine then has nothing to report.
      if (input.keepAliveMs <= 0) return null;
      return input.keepAliveMs + input.keepAliveTimeoutMs + input.timing.keepAliveExtraMs + input.slackMs;
    case 'reconnecting':
      return Math.max(0, input.retryInMs ?? 0) + dialRound + input.slackMs;
    case 'paused':
    case 'stopped':
    case 'failed':
      return null;
  }
}
