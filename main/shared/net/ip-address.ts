// IP addresses as bytes and CIDR containment with Go's net.IPNet semantics (IPv4 in IPv6-mapped form
// matches IPv4 networks), for `tunnel_allowed` (docs/protocol.md §4.5).
import { isIPv4, isIPv6 } from 'node:net';

/** 4 bytes for IPv4, 16 for IPv6; null when the text is not an IP literal. Zones (`%eth0`) are dropped. */
export function parseIp(text: string): Uint8Array | null {
  if (isIPv4(text)) return Uint8Array.from(text.split('.').map(Number));
  const zoneless = text.split('%')[0] ?? '';
  if (!isIPv6(zoneless)) return null;
  const bytes = new Uint8Array(16);
  let head = zoneless;
  let embedded: Uint8Array | null = null;
  const lastColon = head.lastIndexOf(':');
  const tailPart = head.slice(lastColon + 1);
  if (tailPart.includes('.')) {
    embedded = parseIp(tailPart);
    head = `${head.slice(0, lastColon + 1)}0:0`;
  }
  const [left = '', right] = head.split('::');
  const leftGroups = left === '' ? [] : left.split(':');
  const rightGroups = right === undefined || right === '' ? [] : right.split(':');
  const groups =
    right === undefined
      ? leftGroups
      : [...leftGroups, ...new Array<string>(8 - leftGroups.length - rightGroups.length).fill('0'), ...rightGroups];
  groups.forEach((g, i) => {
    const v = parseInt(g, 16);
    bytes[i * 2] = v >> 8;
    bytes[i * 2 + 1] = v & 0xff;
  });
  if (embedded) bytes.set(embedded, 12);
  return bytes;
}

/** Go's ip.To4(): the IPv4 form of an IPv4 or IPv4-mapped IPv6 address, else null. */
export function toIPv4(ip: Uint8Array): Uint8Array | null {
  if (ip.length === 4) return ip;
  for (let i = 0; i < 10; i++) if (ip[i] !== 0) return null;
  if (ip[10] !== 0xff || ip[11] !== 0xff) return null;
  return ip.subarray(12);
}

export interface IpNetwork {
  /** Network number, 4 or 16 bytes. */
  ip: Uint8Array;
  prefix: number;
}

/** Parses `a.b.c.d/n` or `v6/n`; null when not a CIDR. */
export function parseCidr(text: string): IpNetwork | null {
  const slash = text.indexOf('/');
  if (slash === -1) return null;
  const ip = parseIp(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!ip || !/^\d+$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  if (prefix > ip.length * 8) return null;
  return { ip: maskBytes(ip, prefix), prefix };
}

function maskBytes(ip: Uint8Array, prefix: number): Uint8Array {
  const out = new Uint8Array(ip.length);
  for (let i = 0; i < ip.length; i++) {
    const bits = Math.max(0, Math.min(8, prefix - i * 8));
    out[i] = (ip[i] ?? 0) & ((0xff << (8 - bits)) & 0xff);
  }
  return out;
}

/** Go IPNet.Contains: an IPv4 network matches IPv4 and IPv4-mapped addresses; IPv6 only IPv6. */
export function networkContains(network: IpNetwork, address: Uint8Array): boolean {
  const netIp = network.ip.length === 16 ? (toIPv4(network.ip) ?? network.ip) : network.ip;
  const prefix = network.ip.length === 16 && netIp.length === 4 ? Math.max(0, network.prefix - 96) : network.prefix;
  const ip = toIPv4(address) ?? address;
  if (ip.length !== netIp.length) return false;
  const masked = maskBytes(ip, prefix);
  for (let i = 0; i < masked.length; i++) if (masked[i] !== netIp[i]) return false;
  return true;
}

/** Go net.IP.String() of 4 or 16 bytes (IPv4-mapped prints as IPv4). */
export function formatIp(ip: Uint8Array): string {
  const v4 = toIPv4(ip);
  if (v4) return Array.from(v4).join('.');
  if (ip.length !== 16) return '?';
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((ip[i] ?? 0) << 8) | (ip[i + 1] ?? 0));
  // Longest run of zero groups (length ≥ 2) becomes `::`.
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}
