// The WebSocket upgrade request headers (docs/protocol.md §1.2): the user's `[connection] headers` as the
// effective config holds them (config/rules/connection-headers.ts), `hostname` → `Host`,
// `User-Agent: rport <version>` unless the user set one, and the `Sec-WebSocket-Protocol: rport-v1`
// header, sent as a plain header because rportd's 101 reply carries no subprotocol and `ws` would reject it
// if we asked through its protocols argument (§1.3).
import type { HttpHeaderMap, UserHeaders } from '../config/rules/connection-headers';

export type { HttpHeaderMap };

export const RPORT_SUBPROTOCOL = 'rport-v1';

/** The headers of every upgrade request of a run: the user's plus Host and User-Agent. */
export type ParsedHeaders = UserHeaders;

export function withClientHeaders(user: UserHeaders, hostname: string, version: string): ParsedHeaders {
  const http: HttpHeaderMap = { ...user.http };
  if (hostname !== '') http.Host = [hostname];
  if (!http['User-Agent'] || http['User-Agent'].length === 0) http['User-Agent'] = [`rport ${version}`];
  return { http, ignored: [...user.ignored] };
}

/** The headers passed to `ws` for the upgrade request. */
export function handshakeRequestHeaders(parsed: ParsedHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, values] of Object.entries(parsed.http)) out[name] = values[0] ?? '';
  out['Sec-WebSocket-Protocol'] = RPORT_SUBPROTOCOL;
  return out;
}
