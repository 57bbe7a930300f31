// `remotes` entries for config validation and the UI: the simple signature over the engine's parser
// (main/engine/remotes.ts), so that what the config check accepts is exactly what the engine dials.
// The engine's parser follows Go's NewRemote and adds bracketed IPv6 hosts (`2222:[::1]:22`).
import { parseRemote as parseRemoteObject, RemoteSyntaxError } from './remote-spec';
import type { RemoteProtocol } from './remote-spec';

export type { RemoteProtocol };

export interface Remote {
  protocol: RemoteProtocol;
  /** Server-side bind host; '' when the server picks, `0.0.0.0` when only a server port is given. */
  localHost: string;
  /** Server-side port as written; '' when the server picks one. */
  localPort: string;
  /** Target host on this side; `127.0.0.1` when not written. */
  remoteHost: string;
  /** Target port as written. */
  remotePort: string;
}

/** One `remotes` entry, or an Error whose message is Go's reason (`Invalid remote`, `Missing ports`, `Invalid host`). */
export function parseRemote(text: string): Remote | Error {
  try {
    const r = parseRemoteObject(text);
    return { protocol: r.protocol, localHost: r.lhost, localPort: r.lport, remoteHost: r.rhost, remotePort: r.rport };
  } catch (err) {
    if (err instanceof RemoteSyntaxError) return new Error(err.reason);
    return err instanceof Error ? err : new Error(String(err));
  }
}
