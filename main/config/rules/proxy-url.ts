// `[client] proxy` (docs/protocol.md §1.5): the one rule for which proxy URLs work, used by `check` (step 4 of
// §8.3) and by the engine for every proxy it dials through, whether from rport.conf, the environment or
// the OS. `http://` → HTTP CONNECT (for ws:// and wss:// alike); `socks://` and `socks5h://` → SOCKS5 with
// names resolved by the proxy. The Go client's dialer refuses everything else (`host:port` without a
// scheme is read by Go's url.Parse as the scheme `host`), so `check` does too.
import { goParseUrl } from '../../shared/go/url';

export type ProxyKind = 'http-connect' | 'socks5h';

export type ProxyUrlResult = { ok: true; kind: ProxyKind } | { ok: false; error: string };

export function parseProxyUrl(text: string): ProxyUrlResult {
  const r = goParseUrl(text);
  if (!r.ok) return { ok: false, error: `invalid proxy URL: ${r.error}` };
  const scheme = r.url.scheme.toLowerCase();
  if (scheme === 'https') return { ok: false, error: 'https proxies not (yet) supported' };
  if (scheme.startsWith('socks') && scheme !== 'socks' && scheme !== 'socks5h') {
    return {
      ok: false,
      error: `unsupported socks proxy type: ${scheme}:// (only socks5h:// or socks:// is supported)`,
    };
  }
  if (scheme !== 'http' && scheme !== 'socks' && scheme !== 'socks5h') {
    return {
      ok: false,
      error: `unsupported proxy scheme: ${scheme === '' ? '(none)' : `${scheme}://`} (only http://, socks:// and socks5h:// proxies work; write http://host:port for an HTTP proxy)`,
    };
  }
  if (r.url.host === '') return { ok: false, error: 'the proxy URL has no host; write http://host:port' };
  return { ok: true, kind: scheme === 'http' ? 'http-connect' : 'socks5h' };
}
