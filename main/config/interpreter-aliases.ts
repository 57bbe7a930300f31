// `[interpreter-aliases]`: `alias = 'path'`, `alias = ['path', 'encoding']` or
// `alias = ['path', 'input encoding', 'output encoding']`. Encodings are checked with iconv-lite, which
// also decodes command output later; the Go client checks names against the IANA index, and the two
// agree on the names people use (windows-1252, cp437/IBM437, cp850, ISO-8859-x, UTF-8, Shift_JIS, GBK…).
import { createRequire } from 'node:module';
import type Iconv from 'iconv-lite';
import type { InterpreterAlias } from '../shared/types/config-types';
import { goQuote } from '../shared/go/quote';
import type { TomlValue } from './toml-source';

/** Go's %v of a decoded TOML value, for messages. */
export function goValueText(v: TomlValue): string {
  if (Array.isArray(v)) return `[${v.map(goValueText).join(' ')}]`;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') {
    return `map[${Object.keys(v)
      .sort()
      .map((k) => `${k}:${goValueText(v[k] as TomlValue)}`)
      .join(' ')}]`;
  }
  return String(v);
}

// iconv-lite is required when an alias names an encoding, not with every config load: the supervisor
// and a worker that runs no command never load it (README "Memory").
const require = createRequire(import.meta.url);
let iconv: typeof Iconv | null = null;

export const isKnownEncoding = (name: string): boolean =>
  (iconv ??= require('iconv-lite') as typeof Iconv).encodingExists(name);

function checkEncoding(alias: string, which: string, name: string): string | null {
  if (isKnownEncoding(name)) return null;
  return `interpreter alias ${goQuote(alias)}: invalid ${which}${which ? ' ' : ''}encoding ${goQuote(name)}: ianaindex: invalid encoding name`;
}

/** Decodes one alias; errors read like the Go client's. */
export function decodeInterpreterAlias(alias: string, value: TomlValue): InterpreterAlias | Error {
  if (typeof value === 'string') return { path: value, input_encoding: '', output_encoding: '' };
  if (!Array.isArray(value) || value.length === 0 || value.length > 3) {
    return new Error(`invalid interpreter alias ${goQuote(alias)}: ${goValueText(value)}`);
  }
  const [path, first, second] = value;
  if (typeof path !== 'string') {
    return new Error(
      `interpreter alias ${goQuote(alias)} shell should be a string, got: ${goValueText(path as TomlValue)}`,
    );
  }
  if (value.length === 1) return { path, input_encoding: '', output_encoding: '' };
  if (typeof first !== 'string') {
    return new Error(
      `interpreter alias ${goQuote(alias)} encoding should be a string, got: ${goValueText(first as TomlValue)}`,
    );
  }
  if (value.length === 2) {
    const e = checkEncoding(alias, '', first);
    return e ? new Error(e) : { path, input_encoding: first, output_encoding: first };
  }
  if (typeof second !== 'string') {
    return new Error(
      `interpreter alias ${goQuote(alias)} output encoding should be a string, got: ${goValueText(second as TomlValue)}`,
    );
  }
  const e = checkEncoding(alias, 'input', first) ?? checkEncoding(alias, 'output', second);
  return e ? new Error(e) : { path, input_encoding: first, output_encoding: second };
}
