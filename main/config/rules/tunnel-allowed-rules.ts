// `tunnel_allowed` for config validation and the UI: simple pure functions over the engine's parser
// (main/engine/tunnel-allowed.ts), so the config check and the engine agree on every entry. The engine
// follows Go's ParseTunnelAllowed and adds IPv6 in brackets (`[2001:db8::/32]:22`).
import { parseTunnelAllowed as parseEntry, type TunnelAllowedEntry } from './tunnel-allowed';
import { networkContains, parseIp } from '../../shared/net/ip-address';

export type TunnelAllowedRule = TunnelAllowedEntry;
/** Empty means everything is allowed (the Go default). */
export type TunnelAllowedRules = TunnelAllowedRule[];

/** One entry, or an Error with Go's text (`invalid ip range: "x"`, `invalid port: "x"`, `empty value not allowed: ""`). */
export function parseTunnelAllowedEntry(entry: string): TunnelAllowedRule | Error {
  try {
    return parseEntry(entry);
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

/** Whether one resolved IP and the target port pass; no rules allows everything. */
function isAllowed(rules: TunnelAllowedRules, ip: string, port: string | number): boolean {
  if (rules.length === 0) return true;
  const address = parseIp(ip);
  if (!address) return false;
  const portText = String(port);
  return rules.some(
    (r) => (r.network === null || networkContains(r.network, address)) && (r.port === '' || r.port === portText),
  );
}

/** Every IP a host resolves to must pass (Go's TunnelIsAllowed). */
export function areAllAllowed(rules: TunnelAllowedRules, ips: readonly string[], port: string | number): boolean {
  return ips.every((ip) => isAllowed(rules, ip, port));
}
