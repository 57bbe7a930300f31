// `[connection] headers` entries ("Name: value", docs/protocol.md §1.2, client/config.go parseHeaders):
// the one parser behind `check` (step 1 of §8.3) and the engine's upgrade request. Names are made
// canonical as Go's Header.Set does, the last entry of a name wins, and the headers the WebSocket
// handshake owns are dropped (gorilla refuses duplicates of them; `ws` would send conflicting values).
import { goQuote } from '../../shared/go/quote';
// Not the secrets index, which brings the TOML editor into the engine worker (README "Memory").
import { maskHeader } from '../../shared/secrets/config-secret-fields';

/** Go's http.Header as rportd sees it in ClientConfiguration.connection.http_headers. */
export type HttpHeaderMap = Record<string, string[]>;

export interface UserHeaders {
  /** Canonical name → value, in first-set order. */
  http: HttpHeaderMap;
  /** Names from the user's list that were dropped because the handshake owns them. */
  ignored: string[];
}

// RFC 7230 token characters: the bytes Go's CanonicalMIMEHeaderKey accepts.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

const HANDSHAKE_OWNED = new Set([
  'Upgrade',
  'Connection',
  'Sec-Websocket-Key',
  'Sec-Websocket-Version',
  'Sec-Websocket-Extensions',
  'Sec-Websocket-Protocol',
]);

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

/** Go's message for an entry without a colon; the value of a credential header is masked in it. */
export function headerSyntaxMessage(header: string): string {
  return `invalid header ${goQuote(maskHeader(header))}. Should be in the format "HeaderName: HeaderContent"`;
}

/** The user's headers, and each entry that is not `Name: value` with Go's message (all of them, not the first). */
export function parseUserHeaders(headers: readonly string[]): {
  headers: UserHeaders;
  errors: { index: number; error: string }[];
} {
  const http: HttpHeaderMap = {};
  const ignored: string[] = [];
  const errors: { index: number; error: string }[] = [];
  for (const [index, header] of headers.entries()) {
    const colon = header.indexOf(':');
    if (colon < 0) {
      errors.push({ index, error: headerSyntaxMessage(header) });
      continue;
    }
    // Trimmed, unlike Go (which would then fail on the space in the name).
    const name = canonicalHeaderName(header.slice(0, colon).trim());
    const value = header.slice(colon + 1).trim();
    if (HANDSHAKE_OWNED.has(name)) ignored.push(name);
    else http[name] = [value];
  }
  return { headers: { http, ignored }, errors };
}
