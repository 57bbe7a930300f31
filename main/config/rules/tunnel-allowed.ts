// `[client] tunnel_allowed` (docs/protocol.md §4.5, client/tunnel_allowed.go): which targets the server
// may open tunnels to. An empty list allows everything. Each resolved IP of the target must match one
// entry (network and/or port). The one parser and matcher of the key: `check`/Save and the engine (at
// start for `remotes`, then for every tunnel and `check_tunnel_allowed`) use these functions.
//
// Entries the Go client accepts: `IP` (as /32), `CIDR`, `IP:port`, `CIDR:port`, `:port`, `port`.
// Extension: IPv6, which Go cannot express because it splits on `:` —
//   `[2001:db8::1]`, `[2001:db8::/32]`, `[::1]:22`, `[2001:db8::/32]:8080`, and bare `2001:db8::/32` or
//   `::1` without a port. A single IPv6 address means /128 (Go's "/32 for every IP" applies to IPv4).
import { parseCidr, parseIp, networkContains, type IpNetwork } from '../../shared/net/ip-address';
import { goQuote } from '../../shared/go/quote';
import { systemLookup, type HostLookup } from './host-lookup';
import { splitHostPort } from './remotes';

/** One parsed entry: plain data (it crosses to the engine worker inside the effective config). */
export interface TunnelAllowedRule {
  /** The entry as written. */
  text: string;
  network: IpNetwork | null;
  /** Port as text (Go compares strings), or '' for any port. */
  port: string;
}

/** The rule, or Go's reason (`invalid ip range: "x"`, `invalid port: "x"`, `empty value not allowed: ""`). */
export type TunnelAllowedResult = { ok: true; rule: TunnelAllowedRule } | { ok: false; error: string };

const invalid = (error: string): TunnelAllowedResult => ({ ok: false, error });

function hostPart(hostText: string): IpNetwork | string {
  const cidr = parseCidr(hostText);
  if (cidr) return cidr;
  const ip = parseIp(hostText);
  if (!ip) return `invalid ip range: ${goQuote(hostText)}`;
  return { ip, prefix: ip.length === 4 ? 32 : 128 };
}

const badPort = (port: string): boolean => port !== '' && !/^[+-]?\d+$/.test(port);

export function parseTunnelAllowed(entry: string): TunnelAllowedResult {
  if (entry.startsWith('[')) {
    const end = entry.indexOf(']');
    if (end === -1) return invalid(`invalid value: ${goQuote(entry)}`);
    const after = entry.slice(end + 1);
    if ((after !== '' && !after.startsWith(':')) || after === ':') return invalid(`invalid value: ${goQuote(entry)}`);
    const port = after.slice(1);
    if (badPort(port)) return invalid(`invalid port: ${goQuote(port)}`);
    const network = hostPart(entry.slice(1, end));
    if (typeof network === 'string') return invalid(network);
    return { ok: true, rule: { text: entry, network, port } };
  }
  const parts = entry.split(':');
  if (parts.length > 2) {
    // Not valid Go syntax; accept a bare IPv6 address or network without a port.
    const network = hostPart(entry);
    if (typeof network === 'string') return invalid(`invalid value: ${goQuote(entry)}`);
    return { ok: true, rule: { text: entry, network, port: '' } };
  }
  let port = parts.length === 2 ? (parts[1] ?? '') : '';
  let network: IpNetwork | null = null;
  const head = parts[0] ?? '';
  if (head !== '') {
    const cidr = parseCidr(head);
    const ip = cidr ? null : parseIp(head);
    if (cidr) network = cidr;
    // At most one colon here, so an address is IPv4 (Go's /32 for a single IP).
    else if (ip) network = { ip, prefix: 32 };
    else if (parts.length === 1) port = head;
    else return invalid(`invalid ip range: ${goQuote(head)}`);
  }
  if (port === '' && network === null) return invalid(`empty value not allowed: ${goQuote(entry)}`);
  if (badPort(port)) return invalid(`invalid port: ${goQuote(port)}`);
  return { ok: true, rule: { text: entry, network, port } };
}

/** Whether one resolved IP and the target port pass; no rules allows everything. */
function isIpAllowed(rules: readonly TunnelAllowedRule[], ip: string, port: string): boolean {
  if (rules.length === 0) return true;
  const address = parseIp(ip);
  if (!address) return false;
  return rules.some(
    (r) => (r.network === null || networkContains(r.network, address)) && (r.port === '' || r.port === port),
  );
}

/** Every IP a host resolves to must pass (Go's TunnelIsAllowed after the lookup). */
export function areAllAllowed(rules: readonly TunnelAllowedRule[], ips: readonly string[], port: string): boolean {
  return ips.every((ip) => isIpAllowed(rules, ip, port));
}

/**
 * Go's TunnelIsAllowed for a `host:port` target (IPv6 in brackets): no rules allows everything, else the
 * host is looked up and every address must pass. Rejects (throws) when the target is malformed or its
 * name does not resolve; callers treat that as "not allowed" for channels.
 */
export async function isTunnelAllowed(
  rules: readonly TunnelAllowedRule[],
  target: string,
  lookup: HostLookup = systemLookup,
): Promise<boolean> {
  if (rules.length === 0) return true;
  const { host, port } = splitHostPort(target);
  const addresses = await lookup(host);
  if (addresses.length === 0) throw new Error(`lookup ${host}: no such host`);
  return areAllAllowed(rules, addresses, port);
}

/** The rules as Go logs them when refusing: `[10.0.0.0/8 :22]`. */
export const formatTunnelAllowed = (rules: readonly TunnelAllowedRule[]): string =>
  `[${rules.map((r) => r.text).join(' ')}]`;
