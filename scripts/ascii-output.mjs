// Bundles written as ASCII only. V8 keeps a script's source in the heap for as long as the process runs
// (functions compile lazily from it), and one character above U+00FF anywhere makes it a two-byte string:
// dist/cli.cjs (647 KB) took 1.3 MB of the supervisor's heap for ten comments and two regular expressions
// with `→`, `…` or a Greek `μ` in them (README "Memory"). esbuild already escapes strings and templates, not
// comments or regular expression literals; a \uXXXX escape means the same there (and is text in a comment).
import fs from 'node:fs';

/** `text` with every non-ASCII UTF-16 unit written as \uXXXX; `file` names it in the error. */
export function asciiOnly(text, file) {
  // After a backslash the escape would change meaning (`\µ` in a regular expression is µ, `\\u00b5` is not).
  const escaped = /\\[\u0080-\uffff]/.exec(text);
  if (escaped) {
    const line = text.slice(0, escaped.index).split('\n').length;
    throw new Error(`${file}:${line}: a backslash before a non-ASCII character; write it as \\uXXXX in the source`);
  }
  return text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Rewrites each file that is not ASCII yet. */
export function writeAsciiOnly(files) {
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const ascii = asciiOnly(text, file);
    if (ascii !== text) fs.writeFileSync(file, ascii);
  }
}
