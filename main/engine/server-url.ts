// The Go client's server address normalisation (docs/protocol.md §1.1, client/config.go parseURL):
// `0.0.0.0:8080` → `ws://0.0.0.0:8080`, `https://rport.example.com` → `wss://rport.example.com:443`.
// The same rules apply to every `fallback_servers` entry.

export class ServerUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServerUrlError';
  }
}

export interface ParsedServerUrl {
  /** The normalised URL the client dials, e.g. `ws://[::1]:8080/path`. */
  url: string;
  scheme: 'ws' | 'wss';
  /** Host without brackets, e.g. `::1`. */
  hostname: string;
  port: number;
  /** `host:port` as written in the URL (IPv6 in brackets). */
  hostPort: string;
}

const HAS_PORT = /:\d+$/;

/** Normalises like Go's parseURL and returns the parts the dialer needs. */
export function parseServerUrl(address: string): ParsedServerUrl {
  const input = address.trim();
  if (input === '') throw new ServerUrlError('server address is required');
  const withScheme = input.includes('://') ? input : `http://${input}`;
  const schemeEnd = withScheme.indexOf('://');
  const rawScheme = withScheme.slice(0, schemeEnd).toLowerCase();
  const rest = withScheme.slice(schemeEnd + 3);
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd);
  const tail = authorityEnd === -1 ? '' : rest.slice(authorityEnd);
  // User info is not part of Go's Host (the port rule looks at the host only).
  const at = authority.lastIndexOf('@');
  const userInfo = at === -1 ? '' : authority.slice(0, at + 1);
  let host = at === -1 ? authority : authority.slice(at + 1);
  if (host === '') throw new ServerUrlError(`invalid server address: missing host in ${JSON.stringify(address)}`);
  if (!HAS_PORT.test(host)) host += rawScheme === 'https' || rawScheme === 'wss' ? ':443' : ':80';
  const scheme = rawScheme.replace('http', 'ws');
  if (scheme !== 'ws' && scheme !== 'wss') {
    throw new ServerUrlError(`invalid server address: unsupported scheme ${JSON.stringify(rawScheme)}`);
  }
  const portSep = host.lastIndexOf(':');
  const port = Number(host.slice(portSep + 1));
  let hostname = host.slice(0, portSep);
  if (hostname.startsWith('[') && hostname.endsWith(']')) hostname = hostname.slice(1, -1);
  if (hostname === '') throw new ServerUrlError(`invalid server address: missing host in ${JSON.stringify(address)}`);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ServerUrlError(`invalid server address: invalid port in ${JSON.stringify(address)}`);
  }
  return { url: `${scheme}://${userInfo}${host}${tail}`, scheme, hostname, port, hostPort: host };
}

/** Just the normalised URL string. */
export function normaliseServerUrl(address: string): string {
  return parseServerUrl(address).url;
}
