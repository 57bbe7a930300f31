// rportd's tunnel model (share/models/remote.go) and its restore-on-reconnect rule
// (server/clients/client_service.go GetTunnelsToReestablish, docs/protocol.md §3.5).
import type { RemoteJson } from './connection-request';

/** A Remote as Go marshals it: every field, in struct order, zero values included. */
export interface GoRemote {
  name: string;
  protocol: string;
  lhost: string;
  lport: string;
  lport_random: boolean;
  owner: string;
  rhost: string;
  rport: string;
  scheme: string | null;
  acl: string | null;
  idle_timeout_minutes: number;
  auto_close: number;
  http_proxy: boolean;
  host_header: string;
  auth_user: string;
  auth_password: string;
  tunnel_url: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

export function toGoRemote(r: RemoteJson): GoRemote {
  return {
    name: str(r.name),
    protocol: str(r.protocol),
    lhost: str(r.lhost),
    lport: str(r.lport),
    lport_random: r.lport_random === true,
    owner: str(r['owner']),
    rhost: str(r.rhost),
    rport: str(r.rport),
    scheme: typeof r['scheme'] === 'string' ? r['scheme'] : null,
    acl: typeof r['acl'] === 'string' ? r['acl'] : null,
    idle_timeout_minutes: num(r['idle_timeout_minutes']),
    auto_close: num(r['auto_close']),
    http_proxy: r['http_proxy'] === true,
    host_header: str(r['host_header']),
    auth_user: str(r['auth_user']),
    auth_password: str(r['auth_password']),
    tunnel_url: str(r['tunnel_url']),
  };
}

export function joinHostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export const remoteTarget = (r: GoRemote): string => joinHostPort(r.rhost, r.rport);

export const isLocalSpecified = (r: GoRemote): boolean => r.lhost !== '' && r.lport !== '';

export function remoteString(r: GoRemote): string {
  let s = `${r.lhost}:${r.lport}:${remoteTarget(r)}`;
  if (r.protocol !== 'tcp') s += `/${r.protocol}`;
  if (r.acl !== null) s += `(acl:${r.acl})`;
  return s;
}

/** Old tunnels to re-create for a reconnecting client, or [] (Go returns nil) when none apply. */
export function tunnelsToReestablish(old: GoRemote[], requested: GoRemote[]): GoRemote[] {
  if (requested.length > old.length) return [];
  const marked = old.map(() => false);
  for (const r of requested) {
    if (!isLocalSpecified(r)) continue;
    const i = old.findIndex((o, j) => !marked[j] && remoteString(r) === remoteString(o));
    if (i < 0) return [];
    marked[i] = true;
  }
  for (const r of requested) {
    if (isLocalSpecified(r)) continue;
    const i = old.findIndex(
      (o, j) => !marked[j] && o.lport_random && remoteTarget(r) === remoteTarget(o) && r.acl === o.acl,
    );
    if (i < 0) return [];
    marked[i] = true;
  }
  return old.filter((_, i) => !marked[i]).map((o) => (o.lport_random ? { ...o, lhost: '', lport: '' } : { ...o }));
}
