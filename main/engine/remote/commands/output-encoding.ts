// Scripts are written in, and output is read from, the interpreter's encoding: the one set in
// [interpreter-aliases] (`alias = ['path', 'inEnc', 'outEnc']`), or on Windows the console code page of
// cmd (from `chcp`), as the Go client does. UTF-8 needs no conversion and is represented by null.
import iconv from 'iconv-lite';

export interface ShellEncoding {
  /** Encoding of the script file, or null for UTF-8. */
  input: string | null;
  /** Encoding of stdout/stderr, or null for UTF-8. */
  output: string | null;
}

const isUtf8 = (name: string): boolean => /^utf-?8$/i.test(name.trim());

/** Normalises a configured encoding name; empty or UTF-8 becomes null; an unknown one throws. */
export function encodingName(name: string): string | null {
  if (name.trim() === '' || isUtf8(name)) return null;
  if (!iconv.encodingExists(name)) throw new Error(`unknown encoding ${JSON.stringify(name)}`);
  return name;
}

// Code pages whose IANA names differ from the number (Go's codePageToIANAMapping).
const CODE_PAGE_NAMES: Record<string, string | null> = { '65000': 'utf-7', '65001': null, '1252': 'windows-1252' };

/** Reads the code page out of `chcp` output (`Active code page: 850`) as an iconv-lite name. */
export function encodingFromChcp(output: string): string | null {
  const match = /(\d+)/.exec(output);
  if (!match?.[1])
    throw new Error(
      `could not parse 'chcp' command output: could not find Code Page number in: ${JSON.stringify(output)}`,
    );
  const page = match[1];
  if (Object.hasOwn(CODE_PAGE_NAMES, page)) return CODE_PAGE_NAMES[page] ?? null;
  const name = `cp${page}`;
  if (!iconv.encodingExists(name)) throw new Error(`encoding with Code Page ${page} is not supported`);
  return name;
}

export function encodeScript(script: string, encoding: string | null): Buffer {
  return encoding === null ? Buffer.from(script, 'utf8') : iconv.encode(script, encoding);
}

export function decodeOutput(bytes: Buffer, encoding: string | null): string {
  return encoding === null ? bytes.toString('utf8') : iconv.decode(bytes, encoding);
}

/** A stateful decoder for the live stdout/stderr channels (a character may span two chunks). */
export function outputDecoder(encoding: string | null): (chunk: Buffer) => Buffer {
  if (encoding === null) return (chunk) => chunk;
  const decoder = iconv.getDecoder(encoding);
  return (chunk) => Buffer.from(decoder.write(chunk) ?? '', 'utf8');
}
