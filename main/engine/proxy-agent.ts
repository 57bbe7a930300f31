// `[client] proxy` (rport-protocol.md §1.5): `http://[user:pass@]host:port` → HTTP CONNECT (for ws:// and
// wss:// alike), `socks://` or `socks5h://` → SOCKS5 with names resolved by the proxy. `https://`
// proxies and other socks flavours are refused with the Go client's messages.
import type { Agent } from 'node:http';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { SocksProxyAgent } from 'socks-proxy-agent';
import { redactUrl } from './secret-redactor';

export class ProxyConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProxyConfigError';
  }
}

export type ProxyKind = 'http-connect' | 'socks5h';

export function proxyKind(proxy: string): ProxyKind {
  let url: URL;
  try {
    url = new URL(proxy);
  } catch {
    throw new ProxyConfigError(`invalid proxy URL: ${redactUrl(proxy)}`);
  }
  const scheme = url.protocol.replace(/:$/, '').toLowerCase();
  if (scheme === 'https') throw new ProxyConfigError('https proxies not (yet) supported');
  if (scheme.startsWith('socks')) {
    if (scheme !== 'socks' && scheme !== 'socks5h') {
      throw new ProxyConfigError(
        `unsupported socks proxy type: ${scheme}:// (only socks5h:// or socks:// is supported)`,
      );
    }
    return 'socks5h';
  }
  if (scheme !== 'http') throw new ProxyConfigError(`unsupported proxy scheme: ${scheme}://`);
  return 'http-connect';
}

/** An agent for `ws` that tunnels through the proxy; `localAddress` binds the connection to the proxy. */
export function createProxyAgent(proxy: string, localAddress?: string): Agent {
  const kind = proxyKind(proxy);
  const url = new URL(proxy);
  if (kind === 'socks5h') {
    // socks-proxy-agent treats `socks:` as 5h already; spell it out so names are never resolved locally.
    url.protocol = 'socks5h:';
    return new SocksProxyAgent(url, localAddress ? { socketOptions: { localAddress } } : {});
  }
  return new HttpsProxyAgent(url, localAddress ? { localAddress } : {});
}
