// Go's path/filepath.Match (Go 1.19, the version release binaries were built with): used to validate
// `[file-reception] protected` (Go calls Match(pattern, "/test") and reports ErrBadPattern) and by file
// reception to test destination paths. On Windows a backslash is a path separator, not an escape.
import type { ConfigPlatform } from './defaults';

export class BadPatternError extends Error {
  constructor() {
    super('syntax error in pattern');
    this.name = 'BadPatternError';
  }
}

interface Ctx {
  windows: boolean;
  sep: string;
}

function scanChunk(pattern: string[], ctx: Ctx): { star: boolean; chunk: string[]; rest: string[] } {
  let p = pattern;
  let star = false;
  while (p.length > 0 && p[0] === '*') {
    p = p.slice(1);
    star = true;
  }
  let inRange = false;
  let i = 0;
  scan: for (; i < p.length; i++) {
    switch (p[i]) {
      case '\\':
        if (!ctx.windows && i + 1 < p.length) i++;
        break;
      case '[':
        inRange = true;
        break;
      case ']':
        inRange = false;
        break;
      case '*':
        if (!inRange) break scan;
        break;
    }
  }
  return { star, chunk: p.slice(0, i), rest: p.slice(i) };
}

function getEsc(chunk: string[], ctx: Ctx): { r: string; rest: string[] } {
  let c = chunk;
  if (c.length === 0 || c[0] === '-' || c[0] === ']') throw new BadPatternError();
  if (c[0] === '\\' && !ctx.windows) {
    c = c.slice(1);
    if (c.length === 0) throw new BadPatternError();
  }
  const r = c[0] ?? '';
  const rest = c.slice(1);
  if (rest.length === 0) throw new BadPatternError();
  return { r, rest };
}

/** Returns the rest of `s` after the chunk matched, or null; throws BadPatternError on a malformed chunk. */
function matchChunk(chunkIn: string[], sIn: string[], ctx: Ctx): string[] | null {
  let chunk = chunkIn;
  let s = sIn;
  let failed = false;
  while (chunk.length > 0) {
    if (!failed && s.length === 0) failed = true;
    const head = chunk[0];
    if (head === '[') {
      let r = '';
      if (!failed) {
        r = s[0] ?? '';
        s = s.slice(1);
      }
      chunk = chunk.slice(1);
      let negated = false;
      if (chunk.length > 0 && chunk[0] === '^') {
        negated = true;
        chunk = chunk.slice(1);
      }
      let match = false;
      let nrange = 0;
      for (;;) {
        if (chunk.length > 0 && chunk[0] === ']' && nrange > 0) {
          chunk = chunk.slice(1);
          break;
        }
        const lo = getEsc(chunk, ctx);
        chunk = lo.rest;
        let hi = lo.r;
        if (chunk[0] === '-') {
          const h = getEsc(chunk.slice(1), ctx);
          hi = h.r;
          chunk = h.rest;
        }
        const cp = r.codePointAt(0) ?? -1;
        if ((lo.r.codePointAt(0) ?? 0) <= cp && cp <= (hi.codePointAt(0) ?? 0)) match = true;
        nrange++;
      }
      if (match === negated) failed = true;
    } else if (head === '?') {
      if (!failed) {
        if (s[0] === ctx.sep) failed = true;
        s = s.slice(1);
      }
      chunk = chunk.slice(1);
    } else {
      if (head === '\\' && !ctx.windows) {
        chunk = chunk.slice(1);
        if (chunk.length === 0) throw new BadPatternError();
      }
      if (!failed) {
        if (chunk[0] !== s[0]) failed = true;
        s = s.slice(1);
      }
      chunk = chunk.slice(1);
    }
  }
  return failed ? null : s;
}

/** Go's filepath.Match. Throws BadPatternError (Go's ErrBadPattern) for a malformed pattern. */
export function goFilepathMatch(patternText: string, nameText: string, platform: ConfigPlatform): boolean {
  const ctx: Ctx = { windows: platform === 'win32', sep: platform === 'win32' ? '\\' : '/' };
  let pattern = [...patternText];
  let name = [...nameText];
  outer: while (pattern.length > 0) {
    const scanned = scanChunk(pattern, ctx);
    const { star, chunk } = scanned;
    pattern = scanned.rest;
    if (star && chunk.length === 0) return !name.includes(ctx.sep);
    let threw: BadPatternError | null = null;
    let t: string[] | null = null;
    try {
      t = matchChunk(chunk, name, ctx);
    } catch (err) {
      threw = err as BadPatternError;
    }
    if (t !== null && (t.length === 0 || pattern.length > 0)) {
      name = t;
      continue;
    }
    if (threw) throw threw;
    if (star) {
      for (let i = 0; i < name.length && name[i] !== ctx.sep; i++) {
        const rest = matchChunk(chunk, name.slice(i + 1), ctx);
        if (rest !== null) {
          if (pattern.length === 0 && rest.length > 0) continue;
          name = rest;
          continue outer;
        }
      }
    }
    while (pattern.length > 0) {
      const next = scanChunk(pattern, ctx);
      pattern = next.rest;
      matchChunk(next.chunk, [], ctx);
    }
    return false;
  }
  return name.length === 0;
}

/** Go's check of a protected pattern: the error text, or null when the pattern is well-formed. */
export function globPatternError(pattern: string, platform: ConfigPlatform): string | null {
  try {
    goFilepathMatch(pattern, '/test', platform);
    return null;
  } catch (err) {
    if (err instanceof BadPatternError) return err.message;
    throw err;
  }
}
