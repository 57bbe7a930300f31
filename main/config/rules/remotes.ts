// `[client] remotes` entries → the Remote objects sent in `new_connection` (docs/protocol.md §3.2, §4.1;
// share/models/remote.go NewRemote). Parts are read from the right: numeric parts are the target port,
// then the server port; other parts the target host, then the server bind host. The one parser of the
// key: `check`/Save report its error and the engine sends its objects (main/config/effective-config.ts).
//
// Extension over the Go client (which splits on every `:` and so cannot express IPv6): a host part may
// be an IPv6 address in brackets, e.g. `2222:[::1]:22`. The brackets are dropped in `rhost`/`lhost`.
import { goQuote } from '../../shared/go/quote';

export type RemoteProtocol = 'tcp' | 'udp' | 'tcp+udp';

/** share/models/remote.go Remote, with its json tags, in the Go field order. */
export interface RemoteObject {
  name: string;
  protocol: RemoteProtocol;
  lhost: string;
  lport: string;
  lport_random: boolean;
  owner: string;
  rhost: string;
  rport: string;
  scheme: string | null;
  acl: string | null;
  idle_timeout_minutes: number;
  /** Nanoseconds. */
  auto_close: number;
  http_proxy: boolean;
  host_header: string;
  auth_user: string;
  auth_password: string;
  tunnel_url: string;
}

/** The remote, or Go's error text: `failed to decode remote "…": Invalid remote|Missing ports|Invalid host`. */
export type RemoteResult = { ok: true; remote: RemoteObject } | { ok: false; error: string };

const failed = (remote: string, reason: 'Invalid remote' | 'Missing ports' | 'Invalid host'): RemoteResult => ({
  ok: false,
  error: `failed to decode remote ${goQuote(remote)}: ${reason}`,
});

const PROTOCOL_SUFFIX = /^(.*)\/(tcp|udp|tcp\+udp)$/s;
const PORT = /^\d+$/;

/** Splits on `:` but keeps `[...]` groups (bracketed IPv6) whole. */
function splitParts(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let depth = 0;
  for (const ch of text) {
    if (ch === '[') depth++;
    if (ch === ']') depth = Math.max(0, depth - 1);
    if (ch === ':' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

// Go's isHost is `url.Parse(s) == nil`: it fails on control characters and bad percent escapes.
function isHost(part: string): boolean {
  for (const ch of part) if (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f) return false;
  if (/%(?![0-9a-fA-F]{2})/.test(part)) return false;
  return true;
}

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

export function parseRemote(text: string): RemoteResult {
  let rest = text;
  let protocol: RemoteProtocol = 'tcp';
  const match = PROTOCOL_SUFFIX.exec(text);
  if (match) {
    rest = match[1] ?? '';
    protocol = match[2] as RemoteProtocol;
  }
  const parts = splitParts(rest);
  if (parts.length >= 5) return failed(text, 'Invalid remote');
  let rport = '';
  let lport = '';
  let rhost = '';
  let lhost = '';
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i] ?? '';
    if (PORT.test(part)) {
      if (rport === '') rport = part;
      else lport = part;
      continue;
    }
    if (rport === '' && lport === '') return failed(text, 'Missing ports');
    if (!isHost(part)) return failed(text, 'Invalid host');
    if (rhost === '') rhost = unbracket(part);
    else lhost = unbracket(part);
  }
  if (lhost === '' && lport !== '') lhost = '0.0.0.0';
  if (rhost === '') rhost = '127.0.0.1';
  const remote: RemoteObject = {
    name: '',
    protocol,
    lhost,
    lport,
    lport_random: false,
    owner: '',
    rhost,
    rport,
    scheme: null,
    acl: null,
    idle_timeout_minutes: 0,
    auto_close: 0,
    http_proxy: false,
    host_header: '',
    auth_user: '',
    auth_password: '',
    tunnel_url: '',
  };
  return { ok: true, remote };
}

/** Go net.JoinHostPort: brackets a host that contains a colon. */
export function joinHostPort(host: string, port: string | number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The target of a remote as `host:port` (what tunnel_allowed checks). */
export function remoteTarget(remote: RemoteObject): string {
  return joinHostPort(remote.rhost, remote.rport);
}

/** Go net.SplitHostPort for `host:port` / `[v6]:port`; throws on anything else. */
export function splitHostPort(hostPort: string): { host: string; port: string } {
  if (hostPort.startsWith('[')) {
    const end = hostPort.indexOf(']');
    if (end === -1) throw new Error(`address ${hostPort}: missing ']' in address`);
    if (hostPort[end + 1] !== ':') throw new Error(`address ${hostPort}: missing port in address`);
    return { host: hostPort.slice(1, end), port: hostPort.slice(end + 2) };
  }
  const sep = hostPort.lastIndexOf(':');
  if (sep === -1) throw new Error(`address ${hostPort}: missing port in address`);
  const host = hostPort.slice(0, sep);
  if (host.includes(':')) throw new Error(`address ${hostPort}: too many colons in address`);
  return { host, port: hostPort.slice(sep + 1) };
}
