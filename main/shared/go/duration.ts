// Go's time.ParseDuration and time.Duration.String(), exactly: rport.conf uses Go duration syntax, and
// state.json messages (`Retrying in 5s...`, `ping ... succeeded within 14.682823ms`) use Go's format.
// Durations are nanoseconds held in a JS number (exact up to about 104 days, far beyond any setting).

const UNIT_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3, // U+00B5 micro sign
  μs: 1e3, // U+03BC Greek mu
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

export class DurationSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DurationSyntaxError';
  }
}

/** Parses like Go's time.ParseDuration; throws DurationSyntaxError with Go's message on bad input. */
export function parseGoDuration(text: string): number {
  const quoted = JSON.stringify(text);
  let s = text;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s.startsWith('-');
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw new DurationSyntaxError(`time: invalid duration ${quoted}`);
  let total = 0;
  while (s !== '') {
    const number = /^([0-9]*)(?:\.([0-9]*))?/.exec(s);
    const whole = number?.[1] ?? '';
    const fraction = number?.[2];
    if (whole === '' && (fraction === undefined || fraction === '')) {
      throw new DurationSyntaxError(`time: invalid duration ${quoted}`);
    }
    s = s.slice(number?.[0].length ?? 0);
    const unit = /^[^0-9.]+/.exec(s)?.[0] ?? '';
    if (unit === '') throw new DurationSyntaxError(`time: missing unit in duration ${quoted}`);
    const scale = UNIT_NS[unit];
    if (scale === undefined)
      throw new DurationSyntaxError(`time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}`);
    s = s.slice(unit.length);
    const value = Number(whole || '0') * scale + (fraction ? Number(`0.${fraction}`) * scale : 0);
    total += value;
    if (total > Number.MAX_SAFE_INTEGER) throw new DurationSyntaxError(`time: invalid duration ${quoted}`);
  }
  return Math.round(negative ? -total : total);
}

function fractionDigits(value: number, digits: number): string {
  // value < 10^digits; print as "int.frac" with trailing zeros removed.
  const scale = 10 ** digits;
  const whole = Math.floor(value / scale);
  const frac = String(value % scale)
    .padStart(digits, '0')
    .replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}

/** Formats like Go's time.Duration.String(): `0s`, `750ns`, `1.5µs`, `14.682823ms`, `1m30s`, `1h0m0s`. */
export function formatGoDuration(nanoseconds: number): string {
  let ns = Math.round(nanoseconds);
  if (ns === 0) return '0s';
  const sign = ns < 0 ? '-' : '';
  ns = Math.abs(ns);
  if (ns < 1e3) return `${sign}${ns}ns`;
  if (ns < 1e6) return `${sign}${fractionDigits(ns, 3)}µs`;
  if (ns < 1e9) return `${sign}${fractionDigits(ns, 6)}ms`;
  const hours = Math.floor(ns / 3600e9);
  const minutes = Math.floor((ns % 3600e9) / 60e9);
  const secNs = ns % 60e9;
  const secs = fractionDigits(secNs, 9);
  if (hours > 0) return `${sign}${hours}h${minutes}m${secs}s`;
  if (minutes > 0) return `${sign}${minutes}m${secs}s`;
  return `${sign}${secs}s`;
}
