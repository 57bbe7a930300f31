// `server` and each `fallback_servers` entry → the endpoint the client dials: Go's parseURL
// (docs/protocol.md §1.1, client/config.go) on Go's net/url (main/shared/go/url.ts):
//   1. no `://` → prepend `http://`;  2. url.Parse;  3. no `:<digits>` at the end of the host → add `:443`
//   for https/wss, else `:80`;  4. the first `http` of the scheme becomes `ws`;  5. path and query kept.
// The one parser of these keys: `check`/Save report its error, the engine dials its endpoint
// (main/config/effective-config.ts), so the two cannot disagree.
//
// No trimming, as in Go (viper hands the string over as written): `" example.com "` becomes
// `http:// example.com ` and url.Parse refuses it with `invalid character " " in host name`.
//
// Go accepts in the config, and then fails every dial with, what it can never connect to: a scheme other
// than ws/wss after step 4 (gorilla's `malformed ws or wss URL`), a missing host, a port outside 1-65535,
// an IPv6 address without brackets (`too many colons in address`), a host the WebSocket client cannot
// use. These are refused here, so that `check` and Save say so instead of a client that retries forever.
import { isIP } from 'node:net';
import { goEscapedPath, goParseUrl } from '../../shared/go/url';
import { goQuote } from '../../shared/go/quote';
import { splitHostPort } from './remotes';

/** A normalised server address: plain data, everything the dialer needs. */
export interface ServerEndpoint {
  /** The entry as written in the config. */
  address: string;
  /**
   * What the client dials, e.g. `ws://[::1]:8080/path?x=1`. Without Go's `#fragment`: a fragment is never
   * sent in a request, and the WebSocket client refuses a URL holding one.
   */
  url: string;
  scheme: 'ws' | 'wss';
  /** Host name or IP without brackets (`::1`), as the WebSocket client connects to it. */
  host: string;
  port: number;
  /** `host:port` as in the URL (IPv6 in brackets), as Go's dial errors name it. */
  hostPort: string;
}

/** The endpoint, or the reason (the caller adds `invalid server address: ` or the fallback's prefix). */
export type ServerUrlResult = { ok: true; endpoint: ServerEndpoint } | { ok: false; error: string };

const HAS_PORT = /:\d+$/;

const refused = (error: string): ServerUrlResult => ({ ok: false, error });

export function parseServerUrl(address: string): ServerUrlResult {
  const parsed = goParseUrl(address.includes('://') ? address : `http://${address}`);
  if (!parsed.ok) return parsed;
  const u = parsed.url;
  const scheme = u.scheme.replace('http', 'ws');
  if (scheme !== 'ws' && scheme !== 'wss') {
    return refused(`unsupported scheme ${goQuote(u.scheme)}: use http://, https://, ws:// or wss://`);
  }
  const defaultPort = HAS_PORT.test(u.host) ? '' : u.scheme === 'https' || u.scheme === 'wss' ? ':443' : ':80';
  let split: { host: string; port: string };
  try {
    split = splitHostPort(u.host + defaultPort);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const unbracketedV6 = isIP(u.host) === 6 || isIP(u.host.slice(0, u.host.lastIndexOf(':'))) === 6;
    return refused(unbracketedV6 ? `${reason} (put an IPv6 address in brackets)` : reason);
  }
  // No host (also `ws:host` without `//`, opaque in Go: no host at all) splits as `:80` or `:443`.
  if (split.host === '') return refused('missing host');
  const port = Number(split.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    return refused(`invalid port ${goQuote(split.port)}: must be 1 to 65535`);
  }
  const hostPort = u.rawHost + defaultPort;
  const userinfo = u.userinfo !== null ? `${u.userinfo}@` : '';
  const query = u.rawQuery !== '' ? `?${u.rawQuery}` : '';
  const url = `${scheme}://${userinfo}${hostPort}${goEscapedPath(u.path)}${query}`;
  // The WebSocket client parses with WHATWG URL, stricter about hosts than Go (`<`, `^`, IPv6 zones).
  let dialled: URL;
  try {
    dialled = new URL(url);
  } catch {
    return refused(`invalid host ${goQuote(split.host)}`);
  }
  const host = dialled.hostname.replace(/^\[(.*)\]$/, '$1');
  return { ok: true, endpoint: { address, url, scheme, host, port, hostPort } };
}
