// `[client] tunnel_allowed` (docs/protocol.md §4.5, client/tunnel_allowed.go): which targets the server
// may open tunnels to. An empty list allows everything. Each resolved IP of the target must match one
// entry (network and/or port).
//
// Entries the Go client accepts: `IP` (as /32), `CIDR`, `IP:port`, `CIDR:port`, `:port`, `port`.
// Extension: IPv6, which Go cannot express because it splits on `:` —
//   `[2001:db8::1]`, `[2001:db8::/32]`, `[::1]:22`, `[2001:db8::/32]:8080`, and bare `2001:db8::/32` or
//   `::1` without a port. A single IPv6 address means /128 (Go's "/32 for every IP" applies to IPv4).
import { lookup } from 'node:dns/promises';
import { parseCidr, parseIp, networkContains, type IpNetwork } from '../../shared/net/ip-address';
import { splitHostPort } from './remote-spec';

export interface TunnelAllowedEntry {
  /** The entry as written. */
  text: string;
  network: IpNetwork | null;
  /** Port as text (Go compares strings), or '' for any port. */
  port: string;
}

export class TunnelAllowedSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TunnelAllowedSyntaxError';
  }
}

function parseHostPart(hostText: string, entry: string, bracketed: boolean): IpNetwork {
  const cidr = parseCidr(hostText);
  if (cidr) return cidr;
  const ip = parseIp(hostText);
  if (!ip) throw new TunnelAllowedSyntaxError(`invalid ip range: ${JSON.stringify(hostText)}`);
  if (ip.length === 16 && (bracketed || hostText.includes(':'))) return { ip, prefix: 128 };
  if (ip.length === 4) return { ip, prefix: 32 };
  throw new TunnelAllowedSyntaxError(`invalid value: ${JSON.stringify(entry)}`);
}

function checkPort(port: string): void {
  if (port !== '' && !/^[+-]?\d+$/.test(port))
    throw new TunnelAllowedSyntaxError(`invalid port: ${JSON.stringify(port)}`);
}

export function parseTunnelAllowed(entry: string): TunnelAllowedEntry {
  if (entry.startsWith('[')) {
    const end = entry.indexOf(']');
    if (end === -1) throw new TunnelAllowedSyntaxError(`invalid value: ${JSON.stringify(entry)}`);
    const after = entry.slice(end + 1);
    if (after !== '' && !after.startsWith(':'))
      throw new TunnelAllowedSyntaxError(`invalid value: ${JSON.stringify(entry)}`);
    const port = after.slice(1);
    if (after === ':') throw new TunnelAllowedSyntaxError(`invalid value: ${JSON.stringify(entry)}`);
    checkPort(port);
    return { text: entry, network: parseHostPart(entry.slice(1, end), entry, true), port };
  }
  const parts = entry.split(':');
  if (parts.length > 2) {
    // Not valid Go syntax; accept a bare IPv6 address or network without a port.
    const network = parseCidr(entry) ?? (parseIp(entry)?.length === 16 ? parseHostPart(entry, entry, true) : null);
    if (!network) throw new TunnelAllowedSyntaxError(`invalid value: ${JSON.stringify(entry)}`);
    return { text: entry, network, port: '' };
  }
  let port = parts.length === 2 ? (parts[1] ?? '') : '';
  let network: IpNetwork | null = null;
  const head = parts[0] ?? '';
  if (head !== '') {
    const cidr = parseCidr(head);
    const ip = cidr ? null : parseIp(head);
    if (cidr) network = cidr;
    else if (ip) network = { ip, prefix: ip.length === 4 ? 32 : 128 };
    else if (parts.length === 1) port = head;
    else throw new TunnelAllowedSyntaxError(`invalid ip range: ${JSON.stringify(head)}`);
  }
  if (port === '' && network === null)
    throw new TunnelAllowedSyntaxError(`empty value not allowed: ${JSON.stringify(entry)}`);
  checkPort(port);
  return { text: entry, network, port };
}

export type HostResolver = (host: string) => Promise<string[]>;

/** Like Go's net.LookupIP: an IP literal resolves to itself, a name to all its A and AAAA records. */
export const resolveHost: HostResolver = async (host) => {
  if (parseIp(host)) return [host];
  const records = await lookup(host, { all: true, verbatim: true });
  return records.map((r) => r.address);
};

/** A parsed `tunnel_allowed` list. */
export class TunnelPolicy {
  readonly entries: TunnelAllowedEntry[];

  constructor(
    entries: readonly string[],
    private readonly resolve: HostResolver = resolveHost,
  ) {
    this.entries = entries.map(parseTunnelAllowed);
  }

  get allowsEverything(): boolean {
    return this.entries.length === 0;
  }

  /**
   * Go's TunnelIsAllowed for a `host:port` target (IPv6 in brackets). Rejects (throws) when the target
   * is malformed or its name does not resolve; callers treat that as "not allowed" for channels.
   */
  async isAllowed(target: string): Promise<boolean> {
    if (this.entries.length === 0) return true;
    const { host, port } = splitHostPort(target);
    const addresses = await this.resolve(host);
    if (addresses.length === 0) throw new Error(`lookup ${host}: no such host`);
    return addresses.every((address) => {
      const ip = parseIp(address);
      if (!ip) return false;
      return this.entries.some(
        (e) => (e.network === null || networkContains(e.network, ip)) && (e.port === '' || e.port === port),
      );
    });
  }
}
