// Go's path/filepath.Match, which the Go client uses for `[file-reception] protected`: `*` and `?` never
// cross a separator, `[...]` / `[^...]` classes with ranges, `\` escapes (not on Windows, where `\` is
// the separator), and the pattern must match the whole name.

export class GlobSyntaxError extends Error {
  constructor(pattern: string) {
    super(`syntax error in pattern ${JSON.stringify(pattern)}`);
    this.name = 'GlobSyntaxError';
  }
}

export interface GlobOptions {
  windows: boolean;
}

/** Compiles a Go filepath glob to an anchored RegExp; throws GlobSyntaxError like Go's ErrBadPattern. */
export function goGlobToRegExp(pattern: string, { windows }: GlobOptions): RegExp {
  const separator = windows ? '\\\\' : '/';
  const notSeparator = `[^${separator}]`;
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') {
      out += `${notSeparator}*`;
    } else if (c === '?') {
      out += notSeparator;
    } else if (c === '\\' && !windows) {
      const next = pattern[i + 1];
      if (next === undefined) throw new GlobSyntaxError(pattern);
      out += next.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
      i++;
    } else if (c === '[') {
      const close = findClassEnd(pattern, i, windows);
      if (close === -1) throw new GlobSyntaxError(pattern);
      let body = pattern.slice(i + 1, close);
      let negated = false;
      if (body.startsWith('^')) {
        negated = true;
        body = body.slice(1);
      }
      if (body === '') throw new GlobSyntaxError(pattern);
      const escaped = windows ? body.replace(/\\/g, '\\\\') : body;
      // A class never matches the separator in Go's Match.
      out += negated ? `(?!${separator})[^${escaped}]` : `(?!${separator})[${escaped}]`;
      i = close;
    } else {
      out += c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
    }
  }
  try {
    return new RegExp(`^${out}$`, windows ? 'i' : '');
  } catch {
    throw new GlobSyntaxError(pattern);
  }
}

function findClassEnd(pattern: string, open: number, windows: boolean): number {
  let i = open + 1;
  if (pattern[i] === '^') i++;
  for (; i < pattern.length; i++) {
    if (pattern[i] === '\\' && !windows) {
      i++;
      continue;
    }
    if (pattern[i] === ']' && i > open + 1) return i;
  }
  return -1;
}
