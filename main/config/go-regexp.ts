// Go RE2 patterns (`[remote-commands] allow/deny`) checked and run as JavaScript RegExps. Go's syntax is
// translated to a `u`-flag JS RegExp with the same meaning where JS can express it:
//   - kept as Go means it: `.` (no newline unless (?s)), `\s` (only [\t\n\f\r ]), `\A`, `\z`, `\Q…\E`,
//     `\x{10FFFF}`, `\a`, octal `\012`, `[[:alpha:]]`, `(?P<name>…)`, escaped punctuation, a literal `{`
//     or `]` where Go takes it literally, and leading flags `(?i)`, `(?s)`, `(?m)`;
//   - rejected like Go rejects them: look-around, back-references, atomic groups, `(?<name>` (Go 1.19),
//     repeat counts over 1000;
//   - rejected although Go accepts them (JS cannot say them; named in the message): flags in the middle
//     of a pattern or on a group, `(?U)`, `\C`, negated POSIX classes.
// Remaining difference: `\S`, `\D`, `\W` inside a character class use JS's (Unicode) meaning.

export type GoRegexpResult = { ok: true; regexp: RegExp } | { ok: false; error: string };

class GoSyntaxError extends Error {}

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7f',
  blank: '\\t ',
  cntrl: '\\x00-\\x1f\\x7f',
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

const hex2 = (code: number): string => `\\x${code.toString(16).padStart(2, '0')}`;
const literal = (ch: string): string => {
  const code = ch.codePointAt(0) ?? 0;
  return code < 0x80 && !/[A-Za-z0-9]/.test(ch) ? hex2(code) : ch;
};

const fail = (code: string, expr: string): never => {
  throw new GoSyntaxError(`${code}: \`${expr}\``);
};

/** Translates one escape starting at `p[i] === '\\'`; returns [js, next index]. */
function escape(p: string, i: number, inClass: boolean): [string, number] {
  const c = p[i + 1];
  if (c === undefined) fail('trailing backslash at end of expression', '');
  const ch = c as string;
  switch (ch) {
    case 'A':
      if (inClass) fail('invalid escape sequence', '\\A');
      return ['(?<![\\s\\S])', i + 2];
    case 'z':
      if (inClass) fail('invalid escape sequence', '\\z');
      return ['(?![\\s\\S])', i + 2];
    case 'b':
    case 'B':
      if (inClass) fail('invalid escape sequence', `\\${ch}`);
      return [`\\${ch}`, i + 2];
    case 'd':
    case 'D':
    case 'w':
    case 'W':
      return [`\\${ch}`, i + 2];
    case 's':
      return [inClass ? '\\t\\n\\f\\r ' : '[\\t\\n\\f\\r ]', i + 2];
    case 'S':
      return [inClass ? '\\S' : '[^\\t\\n\\f\\r ]', i + 2];
    case 'a':
      return ['\\x07', i + 2];
    case 'f':
    case 't':
    case 'n':
    case 'r':
    case 'v':
      return [`\\${ch}`, i + 2];
    case 'C':
      throw new GoSyntaxError('\\C (any byte) is valid in Go but cannot be used here');
    case 'Q': {
      const end = p.indexOf('\\E', i + 2);
      const text = end < 0 ? p.slice(i + 2) : p.slice(i + 2, end);
      return [[...text].map(literal).join(''), end < 0 ? p.length : end + 2];
    }
    case 'x': {
      const braced = /^\{([0-9A-Fa-f]+)\}/.exec(p.slice(i + 2));
      if (braced) {
        const code = parseInt(braced[1] ?? '', 16);
        if (code > 0x10ffff) fail('invalid escape sequence', `\\x{${braced[1]}}`);
        return [`\\u{${code.toString(16)}}`, i + 2 + braced[0].length];
      }
      const two = /^[0-9A-Fa-f]{2}/.exec(p.slice(i + 2));
      if (!two) fail('invalid escape sequence', p.slice(i, i + 4));
      return [`\\x${two?.[0]}`, i + 4];
    }
    case 'p':
    case 'P': {
      const m = /^(?:\{(\^?)([A-Za-z_]+)\}|([A-Za-z]))/.exec(p.slice(i + 2));
      if (!m) fail('invalid character class range', p.slice(i, i + 3));
      const negate = (m?.[1] === '^') !== (ch === 'P');
      const name = m?.[2] ?? m?.[3] ?? '';
      const prop = name.length <= 2 ? name : name === 'Any' ? 'Any' : `Script=${name}`;
      return [`\\${negate ? 'P' : 'p'}{${prop}}`, i + 2 + (m?.[0].length ?? 0)];
    }
    default:
      break;
  }
  if (/[0-7]/.test(ch)) {
    const oct = /^[0-7]{1,3}/.exec(p.slice(i + 1))?.[0] ?? '';
    if (ch !== '0' && oct.length === 1) fail('invalid escape sequence', `\\${ch}`);
    return [`\\u{${parseInt(oct, 8).toString(16)}}`, i + 1 + oct.length];
  }
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x80 && !/[A-Za-z0-9]/.test(ch)) return [hex2(code), i + 2];
  return fail('invalid escape sequence', `\\${ch}`);
}

function translate(p: string): { source: string; flags: string } {
  let flags = '';
  let i = 0;
  const lead = /^\(\?([a-zA-Z]+)\)/.exec(p);
  if (lead) {
    for (const f of lead[1] ?? '') {
      if (f === 'U') throw new GoSyntaxError('the (?U) flag is valid in Go but cannot be used here');
      if (!'ism'.includes(f)) fail('invalid or unsupported Perl syntax', `(?${f}`);
      if (!flags.includes(f)) flags += f;
    }
    i = lead[0].length;
  }
  const dotAll = flags.includes('s');
  let out = '';
  while (i < p.length) {
    const c = p[i] ?? '';
    if (c === '\\') {
      const [js, next] = escape(p, i, false);
      out += js;
      i = next;
    } else if (c === '[') {
      const start = i;
      let cls = '[';
      i++;
      if (p[i] === '^') {
        cls += '^';
        i++;
      }
      if (p[i] === ']') {
        cls += '\\]';
        i++;
      }
      let closed = false;
      while (i < p.length) {
        const d = p[i] ?? '';
        if (d === ']') {
          closed = true;
          i++;
          break;
        }
        if (d === '[' && p[i + 1] === ':') {
          const posix = /^\[:(\^?)([a-z]+):\]/.exec(p.slice(i));
          if (posix) {
            const range = POSIX[posix[2] ?? ''];
            if (range === undefined) fail('invalid character class range', posix[0]);
            if (posix[1] === '^') throw new GoSyntaxError(`${posix[0]} is valid in Go but cannot be used here`);
            cls += range;
            i += posix[0].length;
            continue;
          }
        }
        if (d === '\\') {
          const [js, next] = escape(p, i, true);
          cls += js;
          i = next;
          continue;
        }
        cls += d === '[' ? '\\[' : d;
        i++;
      }
      if (!closed) fail('missing closing ]', p.slice(start));
      out += `${cls}]`;
    } else if (c === '(') {
      const rest = p.slice(i);
      if (rest.startsWith('(?P<')) {
        out += '(?<';
        i += 4;
      } else if (rest.startsWith('(?:')) {
        out += '(?:';
        i += 3;
      } else if (rest.startsWith('(?')) {
        const flagGroup = /^\(\?[a-zA-Z-]+[:)]/.exec(rest);
        if (flagGroup)
          throw new GoSyntaxError(`flags inside the pattern (${flagGroup[0]}) are valid in Go but cannot be used here`);
        fail('invalid or unsupported Perl syntax', rest.slice(0, 3));
      } else {
        out += '(';
        i++;
      }
    } else if (c === '{') {
      const rep = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i));
      if (rep) {
        const min = Number(rep[1]);
        const max = rep[3] === undefined || rep[3] === '' ? min : Number(rep[3]);
        if (min > 1000 || max > 1000 || (rep[2] !== undefined && rep[3] !== '' && max < min)) {
          fail('invalid repeat count', rep[0]);
        }
        out += rep[0];
        i += rep[0].length;
      } else {
        out += '\\{';
        i++;
      }
    } else if (c === '}' || c === ']') {
      out += `\\${c}`;
      i++;
    } else if (c === '.') {
      out += dotAll ? '.' : '[^\\n]';
      i++;
    } else {
      const cp = p.codePointAt(i) ?? 0;
      const ch = String.fromCodePoint(cp);
      out += ch;
      i += ch.length;
    }
  }
  return { source: out, flags: `${flags}u` };
}

/** Compiles a Go RE2 pattern; errors read like Go's (`error parsing regexp: …`). Never throws. */
export function compileGoRegexp(pattern: string): GoRegexpResult {
  try {
    const { source, flags } = translate(pattern);
    return { ok: true, regexp: new RegExp(source, flags) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof GoSyntaxError) return { ok: false, error: `error parsing regexp: ${message}` };
    // A JS SyntaxError: strip the echo of the translated source, which would confuse the user.
    return {
      ok: false,
      error: `error parsing regexp: ${message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '')}`,
    };
  }
}
