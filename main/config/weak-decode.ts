// The loose typing of the Go client's config decoder (viper + mapstructure with WeaklyTypedInput, plus
// rport's hooks): `"true"` works as a bool, numbers as strings, a string as a list (CSV), one value as a
// one-item list, a bare integer as a duration in nanoseconds. Each function returns the value or a
// message saying what was expected.
import { parseGoDuration, DurationSyntaxError } from '../shared/go/duration';
import { goQuote } from '../shared/go/quote';
import type { TomlValue } from './toml-source';

export type Decoded<T> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): Decoded<T> => ({ ok: true, value });
const bad = <T>(error: string): Decoded<T> => ({ ok: false, error });

export function tomlTypeName(v: TomlValue): string {
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Date) return 'a date/time';
  if (typeof v === 'bigint') return 'an integer';
  if (typeof v === 'number') return 'a float';
  if (typeof v === 'string') return 'a string';
  if (typeof v === 'boolean') return 'a boolean';
  return 'a table';
}

/** Go's strconv.FormatFloat(f, 'f', -1, 64) for ordinary values. */
function formatFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  return Math.abs(f) >= 1e21 ? BigInt(Math.trunc(f)).toString() : String(f);
}

export function toGoString(v: TomlValue): Decoded<string> {
  if (typeof v === 'string') return ok(v);
  if (typeof v === 'bigint') return ok(v.toString());
  if (typeof v === 'number') return ok(formatFloat(v));
  if (typeof v === 'boolean') return ok(v ? '1' : '0');
  return bad(`expected a string, got ${tomlTypeName(v)}`);
}

const BOOL_WORDS: Record<string, boolean> = {
  '1': true,
  t: true,
  T: true,
  TRUE: true,
  true: true,
  True: true,
  '0': false,
  f: false,
  F: false,
  FALSE: false,
  false: false,
  False: false,
};

export function toGoBool(v: TomlValue): Decoded<boolean> {
  if (typeof v === 'boolean') return ok(v);
  if (typeof v === 'bigint') return ok(v !== 0n);
  if (typeof v === 'number') return ok(v !== 0);
  if (typeof v === 'string') {
    if (v === '') return ok(false);
    const b = BOOL_WORDS[v];
    if (b !== undefined) return ok(b);
    return bad(`cannot parse ${goQuote(v)} as bool (use true or false)`);
  }
  return bad(`expected a boolean, got ${tomlTypeName(v)}`);
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Go's strconv.ParseInt(s, 0, 64): sign, 0x/0o/0b/0 prefixes, underscores between digits. */
function parseGoIntText(s: string): bigint | null {
  const m = /^([+-]?)(.*)$/.exec(s);
  const body = m?.[2] ?? '';
  let n: bigint;
  if (/^0[xX]_?[0-9a-fA-F](_?[0-9a-fA-F])*$/.test(body)) n = BigInt(`0x${body.slice(2).replace(/_/g, '')}`);
  else if (/^0[oO]_?[0-7](_?[0-7])*$/.test(body)) n = BigInt(`0o${body.slice(2).replace(/_/g, '')}`);
  else if (/^0[bB]_?[01](_?[01])*$/.test(body)) n = BigInt(`0b${body.slice(2).replace(/_/g, '')}`);
  else if (/^0(_?[0-7])*$/.test(body)) n = BigInt(`0o${body.replace(/_/g, '') || '0'}`);
  else if (/^[1-9](_?[0-9])*$/.test(body)) n = BigInt(body.replace(/_/g, ''));
  else return null;
  return m?.[1] === '-' ? -n : n;
}

function toInt64(v: TomlValue, what: string): Decoded<bigint> {
  if (typeof v === 'bigint') return v < INT64_MIN || v > INT64_MAX ? bad(`${v} overflows ${what}`) : ok(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return bad(`cannot use ${formatFloat(v)} as ${what}`);
    return ok(BigInt(Math.trunc(v)));
  }
  if (typeof v === 'boolean') return ok(v ? 1n : 0n);
  if (typeof v === 'string') {
    if (v === '') return ok(0n);
    const n = parseGoIntText(v);
    if (n === null || n < INT64_MIN || n > INT64_MAX) return bad(`cannot parse ${goQuote(v)} as ${what}`);
    return ok(n);
  }
  return bad(`expected ${what === 'uint' ? 'an unsigned integer' : 'an integer'}, got ${tomlTypeName(v)}`);
}

export function toGoInt(v: TomlValue): Decoded<number> {
  const r = toInt64(v, 'int');
  if (!r.ok) return r;
  if (r.value > BigInt(Number.MAX_SAFE_INTEGER) || r.value < BigInt(Number.MIN_SAFE_INTEGER)) {
    return bad(`${r.value} is too large`);
  }
  return ok(Number(r.value));
}

export function toGoUint(v: TomlValue): Decoded<number> {
  if (typeof v === 'string' && v.startsWith('-')) return bad(`cannot parse ${goQuote(v)} as uint`);
  const r = toGoInt(v);
  if (!r.ok) return r;
  if (r.value < 0) return bad(`${r.value} overflows uint`);
  return r;
}

/** A duration: a Go duration string, or a number of nanoseconds. */
export function toGoDuration(v: TomlValue): Decoded<number> {
  if (typeof v === 'string') {
    try {
      return ok(parseGoDuration(v));
    } catch (err) {
      if (err instanceof DurationSyntaxError) return bad(err.message);
      throw err;
    }
  }
  if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') return toGoInt(v);
  return bad(`expected a duration such as '30s', got ${tomlTypeName(v)}`);
}

/** Go's encoding/csv Reader.Read of one record (rport's decodeStringArray hook). */
function readCsvRecord(text: string): Decoded<string[]> {
  const fields: string[] = [];
  let i = 0;
  const line = text.split('\n')[0] ?? '';
  for (;;) {
    if (line[i] === '"') {
      let field = '';
      i++;
      for (;;) {
        if (i >= line.length)
          return bad(`parse error on line 1, column ${i + 1}: extraneous or missing " in quoted-field`);
        const c = line[i] ?? '';
        if (c === '"') {
          if (line[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += c;
        i++;
      }
      if (i < line.length && line[i] !== ',') {
        return bad(`parse error on line 1, column ${i + 1}: extraneous or missing " in quoted-field`);
      }
      fields.push(field);
    } else {
      const end = line.indexOf(',', i);
      const field = end < 0 ? line.slice(i) : line.slice(i, end);
      if (field.includes('"'))
        return bad(`parse error on line 1, column ${i + field.indexOf('"') + 1}: bare " in non-quoted-field`);
      fields.push(field.replace(/\r$/, ''));
      i = end < 0 ? line.length : end;
    }
    if (i >= line.length) break;
    i++; // the comma
  }
  return ok(fields);
}

/** A list of strings: an array (items coerced), a string read as CSV (`[a, b]` brackets trimmed), or one value. */
export function toGoStringSlice(v: TomlValue): Decoded<string[]> {
  if (Array.isArray(v)) {
    const out: string[] = [];
    for (const [index, item] of v.entries()) {
      const s = toGoString(item);
      if (!s.ok) return bad(`item ${index + 1}: ${s.error}`);
      out.push(s.value);
    }
    return ok(out);
  }
  if (typeof v === 'string') {
    const inner = v.replace(/^\[/, '').replace(/\]$/, '');
    if (inner === '') return ok([]);
    return readCsvRecord(inner);
  }
  const single = toGoString(v);
  if (!single.ok) return bad(`expected a list of strings, got ${tomlTypeName(v)}`);
  return ok([single.value]);
}

/** A table of strings; keys lower-cased as viper does. */
export function toGoStringMap(v: TomlValue): Decoded<Record<string, string>> {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Date) {
    return bad(`expected a table of strings, got ${tomlTypeName(v)}`);
  }
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(v)) {
    const s = toGoString(item);
    if (!s.ok) return bad(`${goQuote(key)}: ${s.error}`);
    out[key.toLowerCase()] = s.value;
  }
  return ok(out);
}
