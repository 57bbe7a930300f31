// A dial that fails at the proxy says so: which proxy (scheme://host:port and where it came from, never
// its user name or password), what it answered, and what to check. Without this a dead SOCKS proxy read
// `websocket: connect ECONNREFUSED 127.0.0.1:46098`, a dead HTTP proxy `dial tcp proxy: connect:
// connection refused` and a 401 from a proxy "server busy, wrong credentials, or a transparent proxy".
import type { ProxyKind } from './proxy-agent';
import { lookupFailureText } from '../shared/net/lookup-failure';

export interface ProxyErrorContext {
  /** proxyLabel(): `http://proxy.corp:3128 (from HTTPS_PROXY)`. */
  label: string;
  kind: ProxyKind;
  /** `host:port` of the proxy, as Go prints a dial target. */
  proxyHostPort: string;
  /** `host:port` of the rportd server the tunnel was asked for. */
  target: string;
  /** The proxy URL carries a user name or password. */
  hasCredentials: boolean;
}

const CREDENTIALS_HINT = {
  wrong: 'check the user name and password in the proxy URL',
  missing: 'it wants a user name and password: put them in the proxy URL (scheme://user:password@host:port)',
};

function credentialsHint(ctx: ProxyErrorContext): string {
  return ctx.hasCredentials ? CREDENTIALS_HINT.wrong : CREDENTIALS_HINT.missing;
}

/** The proxy answered CONNECT with something other than 200. */
export function proxyStatusMessage(ctx: ProxyErrorContext, status: number, statusText: string): string {
  const answer = `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
  const head = `proxy ${ctx.label} refused the tunnel to ${ctx.target} (${answer})`;
  if (status === 407 || status === 401) return `${head}: ${credentialsHint(ctx)}`;
  if (status === 403)
    return `${head}: the proxy must allow CONNECT to this host and port (an "Access violation"); ask its administrator`;
  if (status === 405 || status === 501)
    return `${head}: it does not allow CONNECT tunnels; check that this is the right proxy`;
  if (status === 502 || status === 503 || status === 504)
    return `${head}: the proxy could not reach the server; check the server address, and that the proxy may reach it`;
  return head;
}

const SOCKS_REJECTIONS: Record<string, string> = {
  NotAllowed: 'its rules do not allow a connection to this server; ask its administrator',
  NetworkUnreachable: 'it cannot reach the network of this server; check the server address',
  HostUnreachable: 'it cannot reach this server; check the server address',
  ConnectionRefused: 'the server refused the connection; check the server address and port',
  TTLExpired: 'the connection to the server timed out; check the server address',
  CommandNotSupported: 'it does not support CONNECT',
  AddressNotSupported: 'it does not support this kind of address',
};

function networkFailure(ctx: ProxyErrorContext, error: Error & { code?: string }): string | null {
  const hostPort = ctx.proxyHostPort;
  const host = hostPort.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  const text = error.message;
  const check = 'check that the proxy runs and that its host and port are right';
  if (error.code === 'ECONNREFUSED' || /ECONNREFUSED/.test(text))
    return `proxy ${ctx.label}: dial tcp ${hostPort}: connect: connection refused: ${check}`;
  if (error.code === 'ETIMEDOUT' || /ETIMEDOUT|timed out/i.test(text))
    return `proxy ${ctx.label}: dial tcp ${hostPort}: i/o timeout: ${check}, and that a firewall lets this machine reach it`;
  const lookupCode = error.code ?? /ENOTFOUND|EAI_AGAIN|EAI_FAIL|EAI_NONAME/.exec(text)?.[0];
  const lookup = lookupFailureText(host, lookupCode);
  if (lookup)
    return lookupCode === 'EAI_AGAIN' || lookupCode === 'EAI_FAIL'
      ? `proxy ${ctx.label}: ${lookup}`
      : `proxy ${ctx.label}: ${lookup}: check the proxy's host name`;
  if (error.code === 'EHOSTUNREACH' || /EHOSTUNREACH/.test(text))
    return `proxy ${ctx.label}: dial tcp ${hostPort}: connect: no route to host: ${check}`;
  if (error.code === 'ENETUNREACH' || /ENETUNREACH/.test(text))
    return `proxy ${ctx.label}: dial tcp ${hostPort}: connect: network is unreachable: ${check}`;
  if (
    error.code === 'ECONNRESET' ||
    /ECONNRESET|Socket closed|socket hang up|ended before receiving CONNECT/i.test(text)
  ) {
    const protocol = ctx.kind === 'socks5h' ? 'SOCKS5' : 'HTTP CONNECT';
    return `proxy ${ctx.label} closed the connection during the ${protocol} handshake: check that it is a ${protocol} proxy (the scheme of the proxy URL)`;
  }
  return null;
}

function socksFailure(ctx: ProxyErrorContext, text: string): string | null {
  if (/Socks5 Authentication failed/i.test(text))
    return `proxy ${ctx.label} refused the user name and password (SOCKS5 authentication failed): ${CREDENTIALS_HINT.wrong}`;
  if (/no accepted authentication type/i.test(text)) {
    const hint = ctx.hasCredentials
      ? 'it may not take a user name and password at all'
      : 'it probably wants a user name and password in the proxy URL (socks5h://user:password@host:port)';
    return `proxy ${ctx.label} accepts none of the offered SOCKS5 authentication methods: ${hint}`;
  }
  const rejected = /proxy rejected connection - \(?(\w+)\)?/i.exec(text);
  if (rejected) {
    const why = SOCKS_REJECTIONS[rejected[1] ?? ''] ?? 'check the server address';
    return `proxy ${ctx.label} refused the tunnel to ${ctx.target} (SOCKS5 ${rejected[1] ?? 'failure'}): ${why}`;
  }
  if (/invalid Socks5/i.test(text))
    return `proxy ${ctx.label} does not answer as a SOCKS5 proxy (${text}): check the scheme of the proxy URL`;
  return null;
}

/** A failure before the tunnel through the proxy existed: reaching the proxy, or its handshake. */
export function proxyFailureMessage(ctx: ProxyErrorContext, error: Error & { code?: string }): string {
  return (
    socksFailure(ctx, error.message) ??
    networkFailure(ctx, error) ??
    `proxy ${ctx.label}: ${error.message}: check the proxy URL and that the proxy runs`
  );
}
