// The effective config: what the engine runs on, derived ONCE from a decoded RportConfig by the same
// function that `check`, `config set` and the window's Save validate with (validate-config.ts calls
// resolveEffectiveConfig for the steps below), so the check cannot accept what the engine refuses.
//
// It covers, in the Go client's order (docs/protocol.md §8.3): 2. `server`, 3. `fallback_servers`
// (normalised endpoints, rules/server-url.ts), 5. `tunnel_allowed` (rules/tunnel-allowed.ts) and `remotes`
// (rules/remotes.ts) with the start-up check of every remote against tunnel_allowed, plus Go's duration
// fix-ups (rules/duration-fixups.ts). Everything in it is plain data (structured-clone safe): the engine
// worker receives the RportConfig and runs resolveEffectiveConfig itself at start.
import type { RportConfig } from '../shared/types/config-types';
import { goQuote } from '../shared/go/quote';
import { fixedMaxRetryInterval, fixedMonitoringInterval } from './rules/duration-fixups';
import { systemLookup, type HostLookup } from './rules/host-lookup';
import { parseUserHeaders, type UserHeaders } from './rules/connection-headers';
import { parseRemote, type RemoteObject } from './rules/remotes';
import { parseServerUrl, type ServerEndpoint } from './rules/server-url';
import { areAllAllowed, parseTunnelAllowed, type TunnelAllowedRule } from './rules/tunnel-allowed';
import { isIP } from 'node:net';

export interface EffectiveConfig {
  /** The decoded config with Go's duration fix-ups applied (a copy; durations in nanoseconds). */
  config: RportConfig;
  /** `[connection] headers`, canonical, handshake-owned names dropped. */
  headers: UserHeaders;
  /** `server`, then each `fallback_servers` entry, normalised; the index is ServerRef.index. */
  servers: ServerEndpoint[];
  /** Empty: every target is allowed. */
  tunnelAllowed: TunnelAllowedRule[];
  /** `remotes` in config order, as sent in `new_connection`. */
  remotes: RemoteObject[];
}

export type EffectiveConfigKey =
  'connection.headers' | 'client.server' | 'client.fallback_servers' | 'client.tunnel_allowed' | 'client.remotes';

/** A problem of one of these keys; `index` is the list item, null for `server`. */
export interface EffectiveConfigProblem {
  severity: 'error' | 'warning';
  key: EffectiveConfigKey;
  index: number | null;
  message: string;
}

/** What a host name in `remotes` resolved to (or why it did not), looked up before resolving. */
export type ResolvedHosts = ReadonlyMap<string, readonly string[] | Error>;

export interface ResolvedConfig {
  /** Null when any problem is an error. */
  effective: EffectiveConfig | null;
  /** In the Go client's order. */
  problems: EffectiveConfigProblem[];
}

/**
 * Resolves `config` into the effective config. Pure and synchronous; a remote naming a host (not an IP)
 * is checked against tunnel_allowed only when `resolvedHosts` holds its lookup (lookupRemoteHosts). A
 * failed lookup is a warning, not an error: the name is looked up again for every tunnel the server opens.
 */
export function resolveEffectiveConfig(config: RportConfig, resolvedHosts?: ResolvedHosts): ResolvedConfig {
  const problems: EffectiveConfigProblem[] = [];
  const error = (key: EffectiveConfigKey, index: number | null, message: string): void => {
    problems.push({ severity: 'error', key, index, message });
  };
  const { client } = config;

  const headers = parseUserHeaders(config.connection.headers);
  for (const bad of headers.errors) error('connection.headers', bad.index, bad.error);

  const servers: ServerEndpoint[] = [];
  if (client.server === '') error('client.server', null, 'server address is required');
  else {
    const r = parseServerUrl(client.server);
    if (r.ok) servers.push(r.endpoint);
    else error('client.server', null, `invalid server address: ${r.error}`);
  }
  client.fallback_servers.forEach((address, i) => {
    const r = parseServerUrl(address);
    if (r.ok) servers.push(r.endpoint);
    else error('client.fallback_servers', i, `invalid fallback server address: ${r.error}`);
  });

  const tunnelAllowed: TunnelAllowedRule[] = [];
  client.tunnel_allowed.forEach((entry, i) => {
    const r = parseTunnelAllowed(entry);
    if (r.ok) tunnelAllowed.push(r.rule);
    else error('client.tunnel_allowed', i, `invalid "tunnel_allowed" config: ${r.error}`);
  });
  const rulesOk = tunnelAllowed.length === client.tunnel_allowed.length;
  const remotes: RemoteObject[] = [];
  client.remotes.forEach((text, i) => {
    const r = parseRemote(text);
    if (!r.ok) return error('client.remotes', i, r.error);
    remotes.push(r.remote);
    if (!rulesOk || tunnelAllowed.length === 0) return;
    const ips = isIP(r.remote.rhost) !== 0 ? [r.remote.rhost] : resolvedHosts?.get(r.remote.rhost);
    if (ips === undefined) return;
    if (ips instanceof Error) {
      problems.push({
        severity: 'warning',
        key: 'client.remotes',
        index: i,
        message: `failed to check if remote ${goQuote(text)} is allowed: ${ips.message} (checked again when connecting)`,
      });
    } else if (!areAllAllowed(tunnelAllowed, ips, r.remote.rport)) {
      error('client.remotes', i, `remote ${goQuote(text)} is not allowed by "tunnel_allowed" config`);
    }
  });

  if (problems.some((p) => p.severity === 'error')) return { effective: null, problems };
  const effective = structuredClone(config);
  effective.connection.max_retry_interval = fixedMaxRetryInterval(config.connection.max_retry_interval);
  effective.monitoring.interval = fixedMonitoringInterval(config.monitoring.interval);
  return { effective: { config: effective, headers: headers.headers, servers, tunnelAllowed, remotes }, problems };
}

/** Host names in `remotes` that need a DNS lookup to be checked against `tunnel_allowed`. */
export function remoteHostsToResolve(config: RportConfig): string[] {
  if (config.client.tunnel_allowed.length === 0) return [];
  const hosts = new Set<string>();
  for (const text of config.client.remotes) {
    const r = parseRemote(text);
    if (r.ok && isIP(r.remote.rhost) === 0) hosts.add(r.remote.rhost);
  }
  return [...hosts];
}

/** Looks up every host name of remoteHostsToResolve, keeping failures as Errors. */
export async function lookupRemoteHosts(
  config: RportConfig,
  lookup: HostLookup = systemLookup,
): Promise<ResolvedHosts> {
  const resolved = new Map<string, readonly string[] | Error>();
  await Promise.all(
    remoteHostsToResolve(config).map(async (host) => {
      try {
        resolved.set(host, await lookup(host));
      } catch (err) {
        resolved.set(host, err instanceof Error ? err : new Error(String(err)));
      }
    }),
  );
  return resolved;
}

/** lookupRemoteHosts then resolveEffectiveConfig: what the engine runs at start. */
export async function resolveEffectiveConfigWithLookup(
  config: RportConfig,
  lookup: HostLookup = systemLookup,
): Promise<ResolvedConfig> {
  return resolveEffectiveConfig(config, await lookupRemoteHosts(config, lookup));
}
