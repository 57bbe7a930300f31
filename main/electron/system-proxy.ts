// "Use the system proxy" in the desktop app: Chromium knows the OS's proxy settings (Windows and macOS
// settings, GNOME/KDE or the environment on Linux, PAC scripts and WPAD included), the engine in its
// worker does not. Before each engine start the main process asks Electron's session for the proxy of
// every server in the config and hands the answers over (EngineStartOptions.systemProxies); the engine
// uses them only while `[client] proxy` is empty (main/engine/proxy-choice.ts).
import type { Session } from 'electron';
import type { RportConfig } from '../shared/types/config-types';

export type ProxyResolver = Pick<Session, 'resolveProxy'>;

/**
 * Chromium's PAC-style answer (`PROXY a:3128; SOCKS5 b:1080; DIRECT`) → the first proxy the engine can
 * use, as a URL; '' for DIRECT, or when no entry is one the engine supports (HTTPS and SOCKS4 proxies are
 * not, as in the Go client: docs/protocol.md §1.5).
 */
export function proxyUrlFromPac(answer: string): string {
  for (const entry of answer.split(';')) {
    const [type = '', hostPort = ''] = entry.trim().split(/\s+/);
    const kind = type.toUpperCase();
    if (kind === 'DIRECT') return '';
    if (!hostPort) continue;
    if (kind === 'PROXY' || kind === 'HTTP') return `http://${hostPort}`;
    if (kind === 'SOCKS5') return `socks5h://${hostPort}`;
  }
  return '';
}

/** A server entry as written in rport.conf → the http(s) URL Chromium resolves proxies for. */
export function resolvableUrl(entry: string): string | null {
  const trimmed = entry.trim();
  const withScheme = trimmed.includes('://') ? trimmed : `http://${trimmed}`;
  try {
    const url = new URL(withScheme.replace(/^ws(s?):/i, 'http$1:'));
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The OS's proxy for each server entry ('' = direct); an entry that cannot be resolved is left out. */
export async function resolveSystemProxies(
  session: ProxyResolver,
  entries: readonly string[],
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of entries) {
    const url = resolvableUrl(entry);
    if (!url || Object.hasOwn(out, entry)) continue;
    try {
      out[entry] = proxyUrlFromPac(await session.resolveProxy(url));
    } catch {
      // A PAC script that fails to load: the engine falls back to the environment or a direct dial.
    }
  }
  return out;
}

/**
 * The engine start option for a run: the system's proxies when the preference is on and rport.conf names
 * no proxy (which always wins, so the OS is not even asked); nothing otherwise.
 */
export async function systemProxyStartOption(
  config: RportConfig,
  useSystemProxy: boolean,
  resolve: ((entries: readonly string[]) => Promise<Record<string, string>>) | undefined,
): Promise<{ systemProxies?: Record<string, string> }> {
  if (!resolve || !useSystemProxy || config.client.proxy !== '') return {};
  return { systemProxies: await resolve([config.client.server, ...config.client.fallback_servers]) };
}
