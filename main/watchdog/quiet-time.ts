// The longest a healthy engine goes between two of the events that update state.json (and pet
// systemd's watchdog): a successful ping while connected, a retry while reconnecting (docs/protocol.md
// §7.3). An external watchdog (systemd's WatchdogSec=, a state.json checker) must allow at least this.

import type { RportConfig } from '../shared/types/config-types';
import type { EngineTimingFacts } from './progress-deadline';

/** In ms; null when there is no bound (keep_alive = 0: nothing is reported while connected). */
export function longestQuietMs(config: RportConfig, timing: EngineTimingFacts): number | null {
  const keepAliveMs = config.connection.keep_alive / 1e6;
  if (keepAliveMs <= 0) return null;
  const connected = keepAliveMs + timing.keepAliveExtraMs + config.connection.keep_alive_timeout / 1e6;
  // A retry announces its wait (at most max_retry_interval), then every server is dialled (each may take
  // the whole dial timeout) and the one that answers gets the new_connection reply timeout.
  const dialRound = (1 + config.client.fallback_servers.length) * timing.dialTimeoutMs + timing.handshakeReplyTimeoutMs;
  const reconnecting = config.connection.max_retry_interval / 1e6 + dialRound;
  return Math.max(connected, reconnecting);
}
