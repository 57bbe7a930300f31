// `[client] proxy` (docs/protocol.md §1.5): `http://[user:pass@]host:port` → HTTP CONNECT (for ws:// and
// wss:// alike), `socks://` or `socks5h://` → SOCKS5 with names resolved by the proxy. Other schemes are
// refused by the config layer's rule (main/config/rules/proxy-url.ts), which `check` runs too.
//
// The agent packages are imported on first use: together they add about 9 MiB to the resident size of
// the engine process, which most configs (no proxy) never need.
import type { Agent } from 'node:http';
import type { HttpsProxyAgent } from 'https-proxy-agent';
import type { SocksProxyAgent } from 'socks-proxy-agent';
import { parseProxyUrl, type ProxyKind } from '../config/rules/proxy-url';

export class ProxyConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProxyConfigError';
  }
}

export type { ProxyKind };

/** The kind of proxy a URL names, by the config's own rule (so `check` refuses what this refuses). */
export function proxyKind(proxy: string): ProxyKind {
  const r = parseProxyUrl(proxy);
  if (!r.ok) throw new ProxyConfigError(r.error);
  return r.kind;
}

interface AgentModules {
  'http-connect'?: typeof HttpsProxyAgent;
  socks5h?: typeof SocksProxyAgent;
}

const loadedAgents: AgentModules = {};
const loadErrors: Partial<Record<ProxyKind, string>> = {};

/**
 * Imports the agent package `proxy` needs, once. Never rejects: an invalid proxy URL is left to
 * createProxyAgent to report, and so is a package that fails to load.
 */
export async function loadProxyAgent(proxy: string): Promise<void> {
  let kind: ProxyKind;
  try {
    kind = proxyKind(proxy);
  } catch {
    return;
  }
  if (loadedAgents[kind]) return;
  try {
    if (kind === 'socks5h') loadedAgents.socks5h = (await import('socks-proxy-agent')).SocksProxyAgent;
    else loadedAgents['http-connect'] = (await import('https-proxy-agent')).HttpsProxyAgent;
  } catch (error) {
    loadErrors[kind] = error instanceof Error ? error.message : String(error);
  }
}

/** True when createProxyAgent can run for this proxy without loadProxyAgent first. */
export function proxyAgentLoaded(proxy: string): boolean {
  try {
    return loadedAgents[proxyKind(proxy)] !== undefined;
  } catch {
    return true; // invalid: createProxyAgent reports it
  }
}

/**
 * An agent for `ws` that tunnels through the proxy; `localAddress` binds the connection to the proxy.
 * Call (and await) loadProxyAgent(proxy) first.
 */
export function createProxyAgent(proxy: string, localAddress?: string): Agent {
  const kind = proxyKind(proxy);
  const url = new URL(proxy);
  if (kind === 'socks5h') {
    const Socks = loadedAgents.socks5h;
    if (!Socks)
      throw new ProxyConfigError(`socks proxy support is not available: ${loadErrors.socks5h ?? 'not loaded'}`);
    // socks-proxy-agent treats `socks:` as 5h already; spell it out so names are never resolved locally.
    url.protocol = 'socks5h:';
    return new Socks(url, localAddress ? { socketOptions: { localAddress } } : {});
  }
  const Http = loadedAgents['http-connect'];
  if (!Http)
    throw new ProxyConfigError(`http proxy support is not available: ${loadErrors['http-connect'] ?? 'not loaded'}`);
  return new Http(url, localAddress ? { localAddress } : {});
}
