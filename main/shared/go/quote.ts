// Go's %q quoting of a string (strconv.Quote), so that messages copied from the Go client read the same:
// `invalid port: "abc"`, `parse "http://test\n.com": ...`.

const NAMED: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  '"': '\\"',
};

export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const named = NAMED[ch];
    if (named !== undefined) {
      out += named;
      continue;
    }
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if ((code >= 0x80 && code < 0xa0) || code === 0xfffd || (code >= 0xd800 && code <= 0xdfff))
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Go's %v of a string slice or array: `[allow deny]`. */
export function goSlice(items: readonly unknown[]): string {
  return `[${items.map((i) => String(i)).join(' ')}]`;
}
