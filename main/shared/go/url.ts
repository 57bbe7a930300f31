// Go's net/url.Parse, as far as it decides whether rport.conf values are valid: `server`,
// `fallback_servers`, `proxy`, and the host parts of `remotes` (`isHost` is `url.Parse(s) == nil`).
// Error texts follow Go (`parse "…": net/url: invalid control character in URL`, `invalid port ":x" after
// host`, `invalid URL escape "%zz"`), so `check` prints what the Go client would print.
import { goQuote } from './quote';
import { redactUrl } from '../secrets/url-credentials';

export interface GoUrl {
  /** Lower-cased scheme, '' when none. */
  scheme: string;
  /** Set when the URL is `scheme:opaque` (no `//`): Go stops validating there. */
  opaque: string;
  /** The raw user-info before `@`, or null. */
  userinfo: string | null;
  username: string;
  password: string | null;
  /** Host with port, unescaped (`[::1]:80`, `example.com:8080`). */
  host: string;
  /** Host with port as written (escapes kept): what Go's URL.String() writes back. */
  rawHost: string;
  /** The raw path. */
  path: string;
  rawQuery: string;
  fragment: string;
}

export type GoUrlResult = { ok: true; url: GoUrl } | { ok: false; error: string };

type Mode = 'path' | 'host' | 'zone' | 'userPassword' | 'fragment';

const isAlnum = (c: string): boolean => /^[A-Za-z0-9]$/.test(c);

function shouldEscape(c: string, mode: Mode): boolean {
  if (isAlnum(c)) return false;
  if (mode === 'host' || mode === 'zone') {
    if ('!$&\'()*+,;=:[]<>"'.includes(c)) return false;
  }
  if ('-_.~'.includes(c)) return false;
  if ('$&+,/:;=?@'.includes(c)) {
    if (mode === 'path') return c === '?';
    if (mode === 'userPassword') return c === '@' || c === '/' || c === '?' || c === ':';
    if (mode === 'fragment') return false;
  }
  if (mode === 'fragment' && '!()*'.includes(c)) return false;
  return true;
}

const unhex = (c: string): number => parseInt(c, 16);

/** Go's url.unescape, validation only: returns the error text or null. */
function unescapeError(s: string, mode: Mode): string | null {
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    if (c === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
        return `invalid URL escape ${goQuote(s.slice(i, i + 3))}`;
      }
      if (mode === 'host' && unhex(hex[0] ?? '0') < 8 && s.slice(i, i + 3) !== '%25') {
        return `invalid URL escape ${goQuote(s.slice(i, i + 3))}`;
      }
      i += 2;
    } else if ((mode === 'host' || mode === 'zone') && c.charCodeAt(0) < 0x80 && shouldEscape(c, mode)) {
      return `invalid character ${goQuote(c)} in host name`;
    }
  }
  return null;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function validOptionalPort(port: string): boolean {
  if (port === '') return true;
  return /^:[0-9]*$/.test(port);
}

function parseHost(host: string): { host: string } | { error: string } {
  if (host.startsWith('[')) {
    const i = host.lastIndexOf(']');
    if (i < 0) return { error: "missing ']' in host" };
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) return { error: `invalid port ${goQuote(colonPort)} after host` };
    const zone = host.slice(0, i).indexOf('%25');
    if (zone >= 0) {
      const e1 = unescapeError(host.slice(0, zone), 'host');
      if (e1) return { error: e1 };
      const e2 = unescapeError(host.slice(zone, i), 'zone');
      if (e2) return { error: e2 };
      const e3 = unescapeError(host.slice(i), 'host');
      if (e3) return { error: e3 };
      return { host: decode(host) };
    }
  } else {
    const i = host.lastIndexOf(':');
    if (i !== -1) {
      const colonPort = host.slice(i);
      if (!validOptionalPort(colonPort)) return { error: `invalid port ${goQuote(colonPort)} after host` };
    }
  }
  const e = unescapeError(host, 'host');
  if (e) return { error: e };
  return { host: decode(host) };
}

const USERINFO_OK = /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/;

function getScheme(raw: string): { scheme: string; rest: string } | { error: string } {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] ?? '';
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return { scheme: '', rest: raw };
      continue;
    }
    if (c === ':') {
      if (i === 0) return { error: 'missing protocol scheme' };
      return { scheme: raw.slice(0, i), rest: raw.slice(i + 1) };
    }
    return { scheme: '', rest: raw };
  }
  return { scheme: '', rest: raw };
}

// eslint-disable-next-line no-control-regex
const CTL = /[\x00-\x1f\x7f]/;

function parseNoFragment(raw: string): GoUrlResult {
  if (CTL.test(raw)) return { ok: false, error: 'net/url: invalid control character in URL' };
  const url: GoUrl = {
    scheme: '',
    opaque: '',
    userinfo: null,
    username: '',
    password: null,
    host: '',
    rawHost: '',
    path: '',
    rawQuery: '',
    fragment: '',
  };
  if (raw === '*') return { ok: true, url: { ...url, path: '*' } };
  const s = getScheme(raw);
  if ('error' in s) return { ok: false, error: s.error };
  url.scheme = s.scheme.toLowerCase();
  let rest = s.rest;
  if (rest.endsWith('?') && rest.split('?').length === 2) rest = rest.slice(0, -1);
  else {
    const q = rest.indexOf('?');
    if (q >= 0) {
      url.rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith('/')) {
    if (url.scheme !== '') return { ok: true, url: { ...url, opaque: rest } };
    const segment = rest.split('/')[0] ?? '';
    if (segment.includes(':')) return { ok: false, error: 'first path segment in URL cannot contain colon' };
  }
  if ((url.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) {
      rest = authority.slice(slash);
      authority = authority.slice(0, slash);
    }
    const at = authority.lastIndexOf('@');
    url.rawHost = at < 0 ? authority : authority.slice(at + 1);
    const h = parseHost(url.rawHost);
    if ('error' in h) return { ok: false, error: h.error };
    url.host = h.host;
    if (at >= 0) {
      const userinfo = authority.slice(0, at);
      if (!USERINFO_OK.test(userinfo)) return { ok: false, error: 'net/url: invalid userinfo' };
      const colon = userinfo.indexOf(':');
      const user = colon < 0 ? userinfo : userinfo.slice(0, colon);
      const e1 = unescapeError(user, 'userPassword');
      if (e1) return { ok: false, error: e1 };
      url.userinfo = userinfo;
      url.username = decode(user);
      if (colon >= 0) {
        const pass = userinfo.slice(colon + 1);
        const e2 = unescapeError(pass, 'userPassword');
        if (e2) return { ok: false, error: e2 };
        url.password = decode(pass);
      }
    }
  }
  const e = unescapeError(rest, 'path');
  if (e) return { ok: false, error: e };
  url.path = rest;
  return { ok: true, url };
}

/** Go's url.escape: percent-encodes (upper-case hex) every UTF-8 byte that `mode` does not allow. */
function escape(s: string, mode: Mode): string {
  let out = '';
  for (const byte of new TextEncoder().encode(s)) {
    const c = String.fromCharCode(byte);
    out += byte < 0x80 && !shouldEscape(c, mode) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

// Go's validEncoded for paths: the characters a path may hold as written.
const VALID_ENCODED_PATH = /^[A-Za-z0-9\-._~!$&'()*+,;=:@[\]%/]*$/;

/** Go's URL.EscapedPath for a raw path: kept as written when validly encoded, else escaped afresh. */
export function goEscapedPath(rawPath: string): string {
  return VALID_ENCODED_PATH.test(rawPath) ? rawPath : escape(decode(rawPath), 'path');
}

/**
 * The input as an error quotes it, with the secret of its user info masked: these texts reach the
 * terminal, the window and the log, and a proxy or server URL can carry a password (Go quotes it whole).
 */
function quotedForError(raw: string): string {
  return goQuote(redactUrl(raw));
}

/** Go's url.Parse; errors read `parse "<input>": <reason>` like Go's *url.Error (password masked). */
export function goParseUrl(raw: string): GoUrlResult {
  const hash = raw.indexOf('#');
  const main = hash < 0 ? raw : raw.slice(0, hash);
  const r = parseNoFragment(main);
  if (!r.ok) return { ok: false, error: `parse ${quotedForError(main)}: ${r.error}` };
  if (hash >= 0) {
    const frag = raw.slice(hash + 1);
    const e = unescapeError(frag, 'fragment');
    if (e) return { ok: false, error: `parse ${quotedForError(raw)}: ${e}` };
    r.url.fragment = decode(frag);
  }
  return r;
}
