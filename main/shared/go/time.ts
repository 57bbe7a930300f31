// Go's time.Time JSON form (RFC 3339 with up to 9 fraction digits, trailing zeros dropped, local offset,
// `Z` for UTC) and Go's JSON string escaping, for `state.json` (docs/protocol.md §7.2).

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * Formats an instant given as epoch milliseconds (fractional part kept down to nanoseconds) in the
 * local time zone, e.g. `2022-08-15T10:37:25.643839+02:00`. `offsetMinutes` overrides the local offset
 * (minutes east of UTC), for tests.
 */
export function formatGoTime(epochMs: number, offsetMinutes?: number): string {
  const wholeMs = Math.floor(epochMs);
  const date = new Date(wholeMs);
  const offset = offsetMinutes ?? -date.getTimezoneOffset();
  const shifted = new Date(wholeMs + offset * 60_000);
  // Nanoseconds within the second: ms from the Date, then whole microseconds from the fraction (the
  // clock's real resolution; finer digits would be floating-point noise).
  const subMsNs = Math.min(999, Math.round((epochMs - wholeMs) * 1e3)) * 1e3;
  const nanos = shifted.getUTCMilliseconds() * 1e6 + subMsNs;
  const fraction = nanos === 0 ? '' : `.${pad(nanos, 9).replace(/0+$/, '')}`;
  const zone =
    offset === 0
      ? 'Z'
      : `${offset > 0 ? '+' : '-'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return (
    `${pad(shifted.getUTCFullYear(), 4)}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}` +
    `T${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}:${pad(shifted.getUTCSeconds())}${fraction}${zone}`
  );
}

/**
 * Wall-clock now in epoch ms with sub-millisecond digits (Date.now() alone has whole ms). The whole ms
 * come from the wall clock: timeOrigin + performance.now() runs on the monotonic clock, which stops
 * while the machine sleeps, and would stamp state.json behind real time by every suspend since the
 * process started. The digits below the millisecond are the high-resolution clock's.
 */
export function preciseNowMs(): number {
  return Date.now() + (performance.now() % 1);
}

/**
 * A JSON string literal exactly as Go 1.19's encoding/json writes it: `<`, `>`, `&`, U+2028 and U+2029
 * escaped as \u003c…; control characters as \n, \r, \t or \u00XX (Go has no \b or \f short forms).
 */
export function goJsonString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || ch === '<' || ch === '>' || ch === '&' || code === 0x2028 || code === 0x2029) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}
