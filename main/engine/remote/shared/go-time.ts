// Go's time.Time JSON form for the remote features: `StartedAt`, `started_at`, `finished_at`,
// `refreshed` (local time) and `timestamp` (UTC). The formatting itself is the engine's (../../go-time).
import { formatGoTime, preciseNowMs } from '../../../shared/go/time';

/** Go's zero time as JSON (`time.Time{}`), which the Go client sends in `ip_addresses.updated_at`. */
export const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

/** Now as Go's `time.Now()` (or `time.Now().UTC()`) marshals it, with sub-millisecond digits. */
export const nowRfc3339Nano = (options: { utc?: boolean } = {}): string =>
  formatGoTime(preciseNowMs(), options.utc ? 0 : undefined);
