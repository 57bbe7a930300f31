// `[remote-commands] allow/deny` are Go RE2 patterns. Most RE2 syntax means the same in JS; this converts
// the parts that differ and refuses the parts JS cannot express, so a pattern never silently changes
// meaning. Converted: leading `(?flags)` (i, m, s), `(?P<name>`, `\A`, `\z`, `\Q…\E`, POSIX classes
// (`[[:alpha:]]`), `\pL` / `\p{Greek}` (switches on the `u` flag), `\x{HHHH}`. Refused: `(?U)`, flag
// groups after the start when this Node lacks regexp modifiers, `\C`. Known residual difference: Go
// matches UTF-8 text, so `.` is one code point; here it is one UTF-16 unit unless the `u` flag is on.

export class GoRegexpError extends Error {
  constructor(pattern: string, reason: string) {
    super(`cannot use regular expression ${JSON.stringify(pattern)}: ${reason}`);
    this.name = 'GoRegexpError';
  }
}

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const escapeLiteral = (text: string): string => text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

let modifiersSupported: boolean | null = null;
function nodeSupportsModifiers(): boolean {
  if (modifiersSupported === null) {
    try {
      new RegExp('(?i:a)');
      modifiersSupported = true;
    } catch {
      modifiersSupported = false;
    }
  }
  return modifiersSupported;
}

/**
 * Perl syntax that JS runs but Go's RE2 refuses (look-around, atomic groups, back-references): the Go
 * client would not start with it (and JS would run it with a meaning Go never gives it), so it is refused
 * here too, with Go's message.
 */
function perlOnlySyntax(pattern: string): string | null {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      const octal = /[1-7]/.test(next) && /[0-7]/.test(pattern[i + 2] ?? '');
      if (!inClass && ((/[1-9]/.test(next) && !octal) || next === 'k')) {
        return `error parsing regexp: invalid escape sequence: \`\\${next}\``;
      }
      i++;
    } else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (!inClass && c === '(') {
      const perl = /^\(\?(?:=|!|<=|<!|>)/.exec(pattern.slice(i));
      if (perl) return `error parsing regexp: invalid or unsupported Perl syntax: \`${perl[0]}\``;
    }
  }
  return null;
}

/** Converts a Go RE2 pattern to a JS RegExp with the same meaning, or throws GoRegexpError. */
export function goRegexp(pattern: string): RegExp {
  const perlOnly = perlOnlySyntax(pattern);
  if (perlOnly !== null) throw new GoRegexpError(pattern, perlOnly);
  let flags = '';
  let rest = pattern;
  const leading = /^\(\?([a-zA-Z]+)\)/.exec(rest);
  if (leading) {
    for (const flag of leading[1] ?? '') {
      if (flag === 'U') throw new GoRegexpError(pattern, 'the ungreedy flag (?U) has no JavaScript equivalent');
      if (!'ims'.includes(flag)) throw new GoRegexpError(pattern, `unknown flag ${flag}`);
      if (!flags.includes(flag)) flags += flag;
    }
    rest = rest.slice(leading[0].length);
  }
  const multiline = flags.includes('m');
  let out = '';
  let unicode = false;
  let inClass = false;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i] as string;
    if (c === '\\') {
      const next = rest[i + 1];
      if (next === undefined) throw new GoRegexpError(pattern, 'trailing backslash');
      if (next === 'Q') {
        const end = rest.indexOf('\\E', i + 2);
        const literal = end === -1 ? rest.slice(i + 2) : rest.slice(i + 2, end);
        out += escapeLiteral(literal);
        i = end === -1 ? rest.length : end + 1;
        continue;
      }
      if (!inClass && next === 'A') {
        out += multiline ? '(?<![\\s\\S])' : '^';
        i++;
        continue;
      }
      if (!inClass && next === 'z') {
        out += multiline ? '(?![\\s\\S])' : '$';
        i++;
        continue;
      }
      if (next === 'C') throw new GoRegexpError(pattern, '\\C (any byte) has no JavaScript equivalent');
      if (next === 'p' || next === 'P') {
        unicode = true;
        if (rest[i + 2] === '{') {
          const close = rest.indexOf('}', i + 3);
          if (close === -1) throw new GoRegexpError(pattern, 'unclosed \\p{');
          out += `\\${next}{${rest.slice(i + 3, close)}}`;
          i = close;
        } else {
          const name = rest[i + 2];
          if (name === undefined) throw new GoRegexpError(pattern, 'missing class after \\p');
          out += `\\${next}{${name}}`;
          i += 2;
        }
        continue;
      }
      if (next === 'x' && rest[i + 2] === '{') {
        const close = rest.indexOf('}', i + 3);
        if (close === -1) throw new GoRegexpError(pattern, 'unclosed \\x{');
        const code = parseInt(rest.slice(i + 3, close), 16);
        if (!Number.isFinite(code)) throw new GoRegexpError(pattern, 'bad \\x{} escape');
        out += code <= 0xffff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\u{${code.toString(16)}}`;
        if (code > 0xffff) unicode = true;
        i = close;
        continue;
      }
      out += c + next;
      i++;
      continue;
    }
    if (inClass) {
      if (c === '[' && rest[i + 1] === ':') {
        const close = rest.indexOf(':]', i + 2);
        if (close !== -1) {
          const raw = rest.slice(i + 2, close);
          const negated = raw.startsWith('^');
          const expansion = POSIX_CLASSES[negated ? raw.slice(1) : raw];
          if (expansion === undefined) throw new GoRegexpError(pattern, `unknown POSIX class [:${raw}:]`);
          if (negated) throw new GoRegexpError(pattern, `negated POSIX class [:${raw}:] is not supported`);
          out += expansion;
          i = close + 1;
          continue;
        }
      }
      if (c === '[') {
        out += '\\[';
        continue;
      }
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // A `]` right after `[` or `[^` is a literal in RE2.
      if (rest[i + 1] === '^') {
        out += '^';
        i++;
      }
      if (rest[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && rest[i + 1] === '?') {
      if (rest[i + 2] === 'P' && rest[i + 3] === '<') {
        out += '(?<';
        i += 3;
        continue;
      }
      const group = /^\(\?([a-zA-Z-]+)([:)])/.exec(rest.slice(i));
      if (group) {
        if (group[1]?.includes('U'))
          throw new GoRegexpError(pattern, 'the ungreedy flag (?U) has no JavaScript equivalent');
        if (group[2] === ')') throw new GoRegexpError(pattern, 'flags can only be set at the start of the pattern');
        if (!nodeSupportsModifiers()) throw new GoRegexpError(pattern, 'flag groups (?flags:...) need a newer Node');
      }
    }
    out += c;
  }
  if (unicode) flags += 'u';
  try {
    return new RegExp(out, flags);
  } catch (error) {
    throw new GoRegexpError(pattern, error instanceof Error ? error.message : String(error));
  }
}
