// The WebSocket upgrade request headers (docs/protocol.md §1.2, client/config.go parseHeaders):
// `[connection] headers` entries ("Name: value") set with Go's Header.Set (canonical names, the last one
// of a name wins), `hostname` → `Host`, `User-Agent: rport <version>` unless the user set one, and the
// `Sec-WebSocket-Protocol: rport-v1` header, sent as a plain header because rportd's 101 reply carries no
// subprotocol and `ws` would reject it if we asked through its protocols argument (§1.3).

export const RPORT_SUBPROTOCOL = 'rport-v1';

export class HeaderSyntaxError extends Error {
  constructor(header: string) {
    super(`invalid header ${JSON.stringify(header)}. Should be in the format "HeaderName: HeaderContent"`);
    this.name = 'HeaderSyntaxError';
  }
}

// RFC 7230 token characters: the bytes Go's CanonicalMIMEHeaderKey accepts.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Go textproto.CanonicalMIMEHeaderKey: `x-forwarded-for` → `X-Forwarded-For`; invalid names unchanged. */
export function canonicalHeaderName(name: string): string {
  if (!TOKEN.test(name)) return name;
  let upper = true;
  let out = '';
  for (const ch of name) {
    out += upper ? ch.toUpperCase() : ch.toLowerCase();
    upper = ch === '-';
  }
  return out;
}

/** Go's http.Header as rportd sees it in ClientConfiguration.connection.http_headers. */
export type HttpHeaderMap = Record<string, string[]>;

// Headers the WebSocket handshake itself owns; gorilla refuses duplicates of them, `ws` would send
// conflicting values. They are dropped from the user's list.
const RESERVED = new Set([
  'Upgrade',
  'Connection',
  'Sec-Websocket-Key',
  'Sec-Websocket-Version',
  'Sec-Websocket-Extensions',
  'Sec-Websocket-Protocol',
]);

export interface ParsedHeaders {
  /** Canonical name → value, in first-set order. */
  http: HttpHeaderMap;
  /** Names from the user's list that were dropped because the handshake owns them. */
  ignored: string[];
}

export function parseConnectionHeaders(headers: readonly string[], hostname: string, version: string): ParsedHeaders {
  const http: HttpHeaderMap = {};
  const ignored: string[] = [];
  for (const header of headers) {
    const colon = header.indexOf(':');
    if (colon < 0) throw new HeaderSyntaxError(header);
    // Trimmed, unlike Go (which would then fail on the space in the name).
    const name = canonicalHeaderName(header.slice(0, colon).trim());
    const value = header.slice(colon + 1).trim();
    if (RESERVED.has(name)) {
      ignored.push(name);
      continue;
    }
    http[name] = [value];
  }
  if (hostname !== '') http.Host = [hostname];
  if (!http['User-Agent'] || http['User-Agent'].length === 0) http['User-Agent'] = [`rport ${version}`];
  return { http, ignored };
}

/** The headers passed to `ws` for the upgrade request. */
export function handshakeRequestHeaders(parsed: ParsedHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, values] of Object.entries(parsed.http)) out[name] = values[0] ?? '';
  out['Sec-WebSocket-Protocol'] = RPORT_SUBPROTOCOL;
  return out;
}
