// `tunnel_allowed` (client/tunnel_allowed.go; rport-protocol.md §4.5) as pure functions: parse the
// entries once, then ask whether one resolved IP and port may be tunnelled to. Resolving host names is
// the caller's job (the engine does a DNS lookup; config validation resolves ahead of time).
import { isIPv4, isIPv6 } from 'node:net';
import { goQuote } from './go-quote';

export interface TunnelAllowedRule {
  /** The entry as written. */
  text: string;
  /** IPv4 network as [network address as uint32, prefix length], or null for "any host". */
  net: { base: number; prefix: number } | null;
  /** Port as written (Go compares the strings), or null for "any port". */
  port: string | null;
}

/** Empty means "everything allowed" (the Go default). */
export type TunnelAllowedRules = TunnelAllowedRule[];

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => ((acc << 8) | Number(part)) >>> 0, 0);
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** Go's net.ParseCIDR for the IPv4 forms an entry can hold (entries are split on ':', so never IPv6). */
function parseCidr(text: string): { base: number; prefix: number } | null {
  const slash = text.indexOf('/');
  if (slash < 0) return null;
  const ip = text.slice(0, slash);
  const bits = text.slice(slash + 1);
  if (!isIPv4(ip) || !/^\d{1,3}$/.test(bits)) return null;
  const prefix = Number(bits);
  if (prefix > 32) return null;
  return { base: (ipv4ToInt(ip) & maskOf(prefix)) >>> 0, prefix };
}

/** Go's strconv.Atoi acceptance (an optional sign, then decimal digits). */
const isAtoi = (s: string): boolean => /^[+-]?\d+$/.test(s);

/** One entry: `IP`, `CIDR`, `IP:port`, `CIDR:port`, `:port` or `port`. Errors carry Go's text. */
export function parseTunnelAllowedEntry(input: string): TunnelAllowedRule | Error {
  const parts = input.split(':');
  if (parts.length > 2) return new Error(`invalid value: ${goQuote(input)}`);
  let portStr = parts.length === 2 ? (parts[1] ?? '') : '';
  let net: TunnelAllowedRule['net'] = null;
  const first = parts[0] ?? '';
  if (first !== '') {
    net = parseCidr(first);
    if (net === null) {
      if (isIPv4(first)) net = { base: ipv4ToInt(first), prefix: 32 };
      else if (parts.length === 1) portStr = first;
      else return new Error(`invalid ip range: ${goQuote(first)}`);
    }
  }
  if (portStr === '' && net === null) return new Error(`empty value not allowed: ${goQuote(input)}`);
  if (portStr !== '' && !isAtoi(portStr)) return new Error(`invalid port: ${goQuote(portStr)}`);
  return { text: input, net, port: portStr === '' ? null : portStr };
}

/** Parses every entry; the first bad one gives the error (Go stops there too). */
export function parseTunnelAllowed(entries: readonly string[]): TunnelAllowedRules | Error {
  const rules: TunnelAllowedRules = [];
  for (const entry of entries) {
    const rule = parseTunnelAllowedEntry(entry);
    if (rule instanceof Error) return rule;
    rules.push(rule);
  }
  return rules;
}

/** The IPv4 form of an address, unwrapping IPv4-mapped IPv6 (`::ffff:1.2.3.4`) like Go's To4. */
function toIPv4(ip: string): string | null {
  if (isIPv4(ip)) return ip;
  if (isIPv6(ip)) {
    const m = /^(?:0{0,4}:){0,5}(?:0{0,4}:)?:?ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
    if (m && isIPv4(m[1] ?? '')) return m[1] ?? null;
  }
  return null;
}

/**
 * Whether one resolved IP and the target port pass. Every IP a host resolves to must pass (the caller
 * checks each); an entry matches when its net contains the IP (or it has none) and its port equals the
 * target port as a string (or it has none). No rules means everything is allowed.
 */
export function isAllowed(rules: TunnelAllowedRules, ip: string, port: string | number): boolean {
  if (rules.length === 0) return true;
  const portText = String(port);
  const v4 = toIPv4(ip);
  return rules.some((rule) => {
    if (rule.net !== null) {
      if (v4 === null) return false;
      if ((ipv4ToInt(v4) & maskOf(rule.net.prefix)) >>> 0 !== rule.net.base) return false;
    }
    return rule.port === null || rule.port === portText;
  });
}

/** All of a host's resolved IPs must pass (Go's TunnelIsAllowed). */
export function areAllAllowed(rules: TunnelAllowedRules, ips: readonly string[], port: string | number): boolean {
  return ips.every((ip) => isAllowed(rules, ip, port));
}
