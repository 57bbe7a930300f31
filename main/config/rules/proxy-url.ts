// `[client] proxy` schemes (docs/protocol.md §1.5): `http://` is an HTTP CONNECT proxy (for ws:// and
// wss:// servers alike), `socks://` and `socks5h://` SOCKS5 with names resolved by the proxy. The Go
// client refuses `https://` and other socks flavours with the messages below; any other scheme (ftp://,
// or `host:port` without one, which Go's url.Parse reads as the scheme `host`) it accepts in the config
// and then fails every dial with. The one rule for both sides: `check`/Save refuse what the engine's
// dialer (main/engine/proxy-agent.ts) cannot use, with the same message.

export type ProxyKind = 'http-connect' | 'socks5h';

export type ProxyScheme = { ok: true; kind: ProxyKind } | { ok: false; error: string };

export function proxySchemeKind(scheme: string): ProxyScheme {
  const s = scheme.toLowerCase();
  if (s === 'https') return { ok: false, error: 'https proxies not (yet) supported' };
  if (s.startsWith('socks')) {
    if (s === 'socks' || s === 'socks5h') return { ok: true, kind: 'socks5h' };
    return { ok: false, error: `unsupported socks proxy type: ${s}:// (only socks5h:// or socks:// is supported)` };
  }
  if (s === 'http') return { ok: true, kind: 'http-connect' };
  return {
    ok: false,
    error: `unsupported proxy scheme: ${s}:// (only http://, socks:// and socks5h:// proxies work; write http://host:port for an HTTP proxy)`,
  };
}
