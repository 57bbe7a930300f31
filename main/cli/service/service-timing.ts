// The timing values of the service definitions, from the config the service will run: systemd's
// watchdog must allow the longest time between two WATCHDOG=1 (main/watchdog/quiet-time.ts), and its
// start timeout a first round of dials (READY=1 comes once connected or once that round failed).
import type { RportConfig } from '../../shared/types/config-types';
import type { EngineTimingFacts } from '../../watchdog/progress-deadline';
import { longestQuietMs } from '../../watchdog/quiet-time';

/** Added to every bound: a slow machine, a GC pause, systemd-notify's own start. */
const MARGIN_S = 30;

const upToTen = (seconds: number): number => Math.ceil(seconds / 10) * 10;

export interface ServiceTiming {
  /** WatchdogSec=, or null when the config reports nothing while connected (keep_alive = 0). */
  watchdogSec: number | null;
  /** The longest quiet time it was computed from, in s. */
  quietSec: number | null;
  timeoutStartSec: number;
}

export function serviceTiming(config: RportConfig, timing: EngineTimingFacts): ServiceTiming {
  const quiet = longestQuietMs(config, timing);
  const firstRound =
    (1 + config.client.fallback_servers.length) * timing.dialTimeoutMs + timing.handshakeReplyTimeoutMs;
  return {
    watchdogSec: quiet === null ? null : upToTen(quiet / 1000 + MARGIN_S),
    quietSec: quiet === null ? null : Math.ceil(quiet / 1000),
    timeoutStartSec: upToTen(firstRound / 1000 + MARGIN_S),
  };
}
