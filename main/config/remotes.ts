// The `remotes` syntax of the Go client (`share/models/remote.go` NewRemote; rport-protocol.md §4.1),
// as a pure parser shared by config validation and the engine.
import { goParseUrl } from './go-url';

export type RemoteProtocol = 'tcp' | 'udp' | 'tcp+udp';

export interface Remote {
  protocol: RemoteProtocol;
  /** Server-side bind host; '' when the server picks (random port), `0.0.0.0` when only lport is given. */
  localHost: string;
  /** Server-side port as written, '' when the server picks one. */
  localPort: string;
  /** Target host on the client side; `127.0.0.1` when not written. */
  remoteHost: string;
  /** Target port as written (digits). */
  remotePort: string;
}

const PROTOCOL_SUFFIX = /^(.*)\/(tcp|udp|tcp\+udp)$/;
const isPort = (s: string): boolean => /^\d+$/.test(s);
// Go: isHost(s) is `url.Parse(s) == nil`; almost anything passes.
const isHost = (s: string): boolean => goParseUrl(s).ok;

/** Parses one `remotes` entry; returns an Error with Go's text (`Invalid remote`, `Missing ports`, `Invalid host`). */
export function parseRemote(text: string): Remote | Error {
  let s = text;
  let protocol: RemoteProtocol = 'tcp';
  const m = PROTOCOL_SUFFIX.exec(s);
  if (m && !/\n/.test(m[1] ?? '')) {
    s = m[1] ?? '';
    protocol = m[2] as RemoteProtocol;
  }
  const parts = s.split(':');
  if (parts.length >= 5) return new Error('Invalid remote');
  const r: Remote = { protocol, localHost: '', localPort: '', remoteHost: '', remotePort: '' };
  for (let i = parts.length - 1; i >= 0; i--) {
    const p = parts[i] ?? '';
    if (isPort(p)) {
      if (r.remotePort === '') r.remotePort = p;
      else r.localPort = p;
      continue;
    }
    if (r.remotePort === '' && r.localPort === '') return new Error('Missing ports');
    if (!isHost(p)) return new Error('Invalid host');
    if (r.remoteHost === '') r.remoteHost = p;
    else r.localHost = p;
  }
  if (r.localHost === '' && r.localPort !== '') r.localHost = '0.0.0.0';
  if (r.remoteHost === '') r.remoteHost = '127.0.0.1';
  return r;
}

/** `host:port` of the target, as Go's net.JoinHostPort (IPv6 in brackets). */
export function remoteTarget(r: Remote): string {
  return r.remoteHost.includes(':') ? `[${r.remoteHost}]:${r.remotePort}` : `${r.remoteHost}:${r.remotePort}`;
}
