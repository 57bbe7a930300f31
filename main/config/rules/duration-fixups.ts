// The Go client's fix-ups of two durations after decoding (docs/protocol.md §8.2, §8.3 steps 7 and 12),
// in nanoseconds. The config check applies them (and warns), the effective config the engine runs on
// holds their result, so the engine never applies them again.
import type { DurationNs } from '../../shared/types/config-types';
import { minutes, seconds } from '../defaults';

export const MONITORING_MIN_INTERVAL: DurationNs = seconds(60);

/** `max_retry_interval` below 1 s becomes 5 min. */
export const fixedMaxRetryInterval = (ns: DurationNs): DurationNs => (ns < seconds(1) ? minutes(5) : ns);

/** `[monitoring] interval` is at least 60 s. */
export const fixedMonitoringInterval = (ns: DurationNs): DurationNs => Math.max(ns, MONITORING_MIN_INTERVAL);
