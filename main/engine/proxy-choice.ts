// Which proxy a dial to one server uses, and where that proxy came from:
//   1. `[client] proxy` in rport.conf, always, when it is set (docs/protocol.md §1.5);
//   2. the desktop app's "use the system proxy": the OS's answer for this server (PAC included), as the
//      Electron main process resolved it (EngineStartOptions.systemProxies); an answer of "direct" falls
//      through to 3;
//   3. the environment, as curl and most tools read it: HTTP_PROXY for ws://, HTTPS_PROXY for wss://,
//      else ALL_PROXY (lower case first), skipped for NO_PROXY hosts (proxy-from-env's rules) and, as Go's
//      net/http does, for localhost and loopback addresses;
//   4. none: a direct connection.
// A proxy is only ever shown as scheme://host:port with its source; its user name and password never.
import net from 'node:net';
import { getProxyForUrl } from 'proxy-from-env';

export type ProxyOrigin = 'rport.conf' | 'system' | 'environment';

export type ProxyDecision =
  | {
      kind: 'proxy';
      /** The proxy URL as configured (may hold credentials: never show it, use proxyLabel). */
      url: string;
      origin: ProxyOrigin;
      /** The environment variable it came from, for origin 'environment'. */
      variable: string | null;
    }
  | {
      kind: 'direct';
      /** Why a proxy in the environment was not used, for the log; null when none was set. */
      note: string | null;
    };

export interface ProxyChoiceInput {
  /** `[client] proxy`. */
  configProxy: string;
  /** The normalised server URL (ws:// or wss://). */
  serverUrl: string;
  /** The server entry as written in the config, the key of `systemProxies`. */
  serverEntry: string;
  /** The OS's proxy per server entry ('' = direct), from the desktop app; absent headless. */
  systemProxies?: Readonly<Record<string, string>> | undefined;
}

/** `http://proxy.corp:3128`: scheme, host and port only (no user name, no password, no path). */
export function proxyDisplayUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    // Not a URL: whatever follows the last '@' is the host part; the rest may be credentials.
    const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)/.exec(url)?.[1] ?? '';
    const rest = url.slice(scheme.length);
    return scheme + rest.slice(rest.lastIndexOf('@') + 1).replace(/[/?#].*$/, '');
  }
}

/** Where a proxy came from, as the log and the window say it: `from HTTPS_PROXY`, `system proxy`. */
export function proxyOriginText(decision: Extract<ProxyDecision, { kind: 'proxy' }>): string {
  if (decision.origin === 'rport.conf') return 'from rport.conf';
  if (decision.origin === 'system') return 'system proxy';
  return `from ${decision.variable ?? 'the environment'}`;
}

/** `http://proxy.corp:3128 (from HTTPS_PROXY)`, `… (from rport.conf)`, `… (system proxy)`. */
export function proxyLabel(decision: Extract<ProxyDecision, { kind: 'proxy' }>): string {
  return `${proxyDisplayUrl(decision.url)} (${proxyOriginText(decision)})`;
}

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (net.isIPv4(host)) return host.startsWith('127.');
  if (net.isIPv6(host)) return host === '::1' || /^::ffff:127\./.test(host);
  return false;
}

/** The variable getProxyForUrl reads for this scheme, in its order (lower case wins). */
function proxyVariable(scheme: 'http' | 'https', env: NodeJS.ProcessEnv): { name: string; value: string } | null {
  for (const name of [`${scheme}_proxy`, `${scheme.toUpperCase()}_PROXY`, 'all_proxy', 'ALL_PROXY']) {
    const value = env[name];
    if (value) return { name, value };
  }
  return null;
}

// proxy-from-env reads process.env itself, so this does too (the worker's environment is the user's).
function fromEnvironment(serverUrl: string): ProxyDecision {
  const env = process.env;
  let url: URL;
  try {
    url = new URL(serverUrl);
  } catch {
    return { kind: 'direct', note: null };
  }
  // proxy-from-env keys the variable on the scheme (ws_proxy for ws://); the convention is the HTTP one.
  const scheme = url.protocol === 'wss:' ? 'https' : 'http';
  const variable = proxyVariable(scheme, env);
  if (!variable) return { kind: 'direct', note: null };
  if (isLoopbackHost(url.hostname))
    return { kind: 'direct', note: `${variable.name} is not used for the loopback address ${url.hostname}` };
  const httpUrl = new URL(serverUrl);
  httpUrl.protocol = `${scheme}:`;
  if (getProxyForUrl(httpUrl.href) === '')
    return { kind: 'direct', note: `${variable.name} is not used for ${url.hostname}: NO_PROXY matches it` };
  // A value without a scheme is an HTTP proxy for curl and Go alike (proxy-from-env would guess https).
  const value = variable.value.includes('://') ? variable.value : `http://${variable.value}`;
  return { kind: 'proxy', url: value, origin: 'environment', variable: variable.name };
}

export function chooseProxy(input: ProxyChoiceInput): ProxyDecision {
  if (input.configProxy !== '') return { kind: 'proxy', url: input.configProxy, origin: 'rport.conf', variable: null };
  const system = input.systemProxies?.[input.serverEntry];
  if (system) return { kind: 'proxy', url: system, origin: 'system', variable: null };
  return fromEnvironment(input.serverUrl);
}
