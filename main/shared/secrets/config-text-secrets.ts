// The secret fields (config-secret-fields.ts) in raw rport.conf text: masked with the file's comments and
// layout kept, and listed for the scrubbers. A valid file is masked value by value (toml-patch rewrites
// only those values), then line by line with the same rules as patterns (`auth = …`, a URL's user info, a
// quoted credential header), which also finds them in comments (an old password left in a comment is
// still a password) and outside their fields (a misplaced key). A file that is not valid TOML is masked
// line by line only, so a broken file keeps its secrets too.
// The list alone needs no toml-patch (shared/toml-patch.ts: the scrubber needs it from the first log line
// on, the masked text only a window or an export): the values come from smol-toml, and the line pass reads
// the text as written, where it finds the fields' values again besides the rest.
import { parse as parseToml } from 'smol-toml';
import { tomlPatch } from '../toml-patch';
import { maskField, mapSecretFields, unique } from './config-secret-fields';
import { SECRET_MASK } from './secret-mask';
import { redactUrlCredentials, urlCredentialSecretsIn } from './url-credentials';

/** The text with every secret replaced by the mask. */
export function maskConfigText(text: string): string {
  // The passes list what they mask; the list is configTextSecrets' business.
  const found: string[] = [];
  const patched = maskParsedValues(text, found);
  return patched === null ? maskLines(text, false, found) : maskLines(patched, true, found);
}

/** Every literal secret in a config text (null: no file). */
export function configTextSecrets(text: string | null): string[] {
  if (text === null) return [];
  const secrets: string[] = [];
  let table: Record<string, unknown> | null = null;
  try {
    table = parseToml(text) as Record<string, unknown>;
  } catch {
    // Not valid TOML: the line pass alone, as for its masked text.
  }
  if (table) mapSecretFields(table, (field, value) => collect(maskField(field, value), secrets));
  maskLines(text, table !== null, secrets);
  // A mask written in the file (a value saved masked) is no secret.
  return unique(secrets).filter((secret) => !secret.includes(SECRET_MASK));
}

function collect(result: { masked: string; secrets: string[] }, secrets: string[]): string {
  secrets.push(...result.secrets);
  return result.masked;
}

/** The line pass; in a valid file nothing outside a comment may break its syntax: no `auth = ********`. */
function maskLines(text: string, valid: boolean, secrets: string[]): string {
  if (!valid) return mapLines(text, (line) => maskLine(line, secrets, true));
  return mapLines(text, (line) => {
    const comment = commentStart(line);
    if (comment < 0) return maskLine(line, secrets, false);
    return maskLine(line.slice(0, comment), secrets, false) + maskLine(line.slice(comment), secrets, true);
  });
}

/** The text with its secret values masked, or null when it is not valid TOML. */
function maskParsedValues(text: string, secrets: string[]): string | null {
  try {
    const table = tomlPatch().parse(text) as Record<string, unknown>;
    const changed = mapSecretFields(table, (field, value) => collect(maskField(field, value), secrets));
    return changed ? tomlPatch().patch(text, table) : text;
  } catch {
    return null;
  }
}

function mapLines(text: string, fn: (line: string) => string): string {
  return text
    .split(/(?<=\n)/)
    .map((full) => {
      const eol = /\r?\n$/.exec(full)?.[0] ?? '';
      return fn(full.slice(0, full.length - eol.length)) + eol;
    })
    .join('');
}

/** Index of the `#` that starts a comment (not one inside a string on this line), or -1. */
function commentStart(line: string): number {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (quote === null) {
      if (c === '#') return i;
      if (c === '"' || c === "'") quote = c;
    } else if (c === '\\' && quote === '"') i += 1;
    else if (c === quote) quote = null;
  }
  return -1;
}

// `auth = …` as a line (also commented out, also as a dotted `client.auth`), and a well-formed value.
const AUTH_ASSIGNMENT = /^(\s*#*\s*(?:[\w-]+\s*\.\s*)?auth\s*=\s*)(.*)$/i;
const QUOTED_VALUE = /^(["'])(.*?)\1(\s*(?:#.*)?)$/;
// A multi-line string opened on this line: only its closing triple quote ends it.
const TRIPLE_QUOTED_VALUE = /^("""|''')(.*?)\1(\s*(?:#.*)?)$/;
// A quoted `"Name: value"` item, as a header appears in `connection.headers`.
const QUOTED_HEADER = /(["'])([^"':\n]+):([^"'\n]*)\1/g;

/**
 * One line (or comment) masked by pattern, its secrets added to `secrets`. `hideMalformed`: an `auth`
 * whose value is not a well-formed string is hidden whole (in a broken file or a comment).
 */
function maskLine(line: string, secrets: string[], hideMalformed: boolean): string {
  const auth = AUTH_ASSIGNMENT.exec(line);
  if (auth) return maskAuthLine(auth[1] ?? '', auth[2] ?? '', secrets, hideMalformed);
  secrets.push(...urlCredentialSecretsIn(line));
  return redactUrlCredentials(line).replace(QUOTED_HEADER, (item, quote: string, name: string, value: string) => {
    // A header name is one token (RFC 7230: `_`, `.` and the like too); quoted prose with spaces is none.
    if (!/^\s*[\w!#$%&*+.^`|~-]+\s*$/.test(name)) return item;
    const result = maskField('connection.headers', `${name}:${value}`);
    secrets.push(...result.secrets);
    return `${quote}${result.masked}${quote}`;
  });
}

function maskAuthLine(head: string, rest: string, secrets: string[], hideMalformed: boolean): string {
  const quoted = (/^("""|''')/.test(rest) ? TRIPLE_QUOTED_VALUE : QUOTED_VALUE).exec(rest);
  if (quoted) {
    const [, quote = '', value = '', tail = ''] = quoted;
    const result = maskField('client.auth', value);
    // A basic string's escapes (`\"`, `\\`) hide the password as typed. Outside a comment of a valid file
    // the password is what TOML makes of them; in a comment or a broken file it may be either.
    const unescaped = quote.startsWith('"') ? value.replace(/\\(["\\])/g, '$1') : value;
    if (hideMalformed || unescaped === value) secrets.push(...result.secrets);
    if (unescaped !== value) secrets.push(...maskField('client.auth', unescaped).secrets);
    secrets.push(...urlCredentialSecretsIn(tail));
    return `${head}${quote}${result.masked}${quote}${redactUrlCredentials(tail)}`;
  }
  // Not a well-formed value (a broken file): everything after `=` may be the password.
  // `rest` starts after the white space `=\s*` took, so an empty value is an empty rest.
  if (!hideMalformed || rest === '') return head + rest;
  secrets.push(...maskField('client.auth', rest.trim().replace(/^["']+|["']+$/g, '')).secrets);
  return `${head}${SECRET_MASK}`;
}
