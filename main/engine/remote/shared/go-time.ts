// Go's time.Time JSON form (RFC 3339 with nanoseconds, trailing zeros trimmed), because rportd decodes
// `StartedAt`, `started_at`, `finished_at`, `refreshed` and `timestamp` with Go's time parser and shows them.

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * Formats like Go's `time.RFC3339Nano`: local wall time with its offset (or `Z` for a zero offset),
 * fraction trimmed of trailing zeros and omitted when zero. `nanos` adds sub-millisecond precision.
 */
export function formatRfc3339Nano(date: Date, options: { utc?: boolean; nanos?: number } = {}): string {
  const utc = options.utc === true;
  const offsetMinutes = utc ? 0 : -date.getTimezoneOffset();
  const shifted = new Date(date.getTime() + offsetMinutes * 60_000);
  const base =
    `${pad(shifted.getUTCFullYear(), 4)}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}` +
    `T${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}:${pad(shifted.getUTCSeconds())}`;
  const totalNanos = shifted.getUTCMilliseconds() * 1_000_000 + Math.max(0, Math.min(999_999, options.nanos ?? 0));
  const fraction = totalNanos === 0 ? '' : `.${pad(totalNanos, 9).replace(/0+$/, '')}`;
  if (offsetMinutes === 0) return `${base}${fraction}Z`;
  const sign = offsetMinutes > 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  return `${base}${fraction}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Go's zero time as JSON (`time.Time{}`), which the Go client sends in `ip_addresses.updated_at`. */
export const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

/** Now, with the sub-millisecond part from the high-resolution clock, as Go's `time.Now()` would print. */
export function nowRfc3339Nano(options: { utc?: boolean } = {}): string {
  const nanos = Number(process.hrtime.bigint() % 1_000_000n);
  return formatRfc3339Nano(new Date(), { ...options, nanos });
}
