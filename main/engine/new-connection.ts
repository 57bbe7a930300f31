// The `new_connection` exchange shared by the engine and the connection test (§3.1–§3.4): the payload
// built from the prepared run, and the reading of rportd's reply.
import type { ClientAttributes } from './server-session';
import { buildClientConfiguration } from './client-configuration';
import { buildConnectionRequest } from './connection-request';
import type { PreparedRun } from './engine-prepare';
import type { RemoteObject } from '../config/rules/remotes';
import type { StaticSystemInfo } from './system-info';

export function newConnectionPayload(
  prepared: PreparedRun,
  attributes: ClientAttributes,
  system: StaticSystemInfo,
): Buffer {
  const { config } = prepared;
  const clientConfiguration = buildClientConfiguration({
    config,
    serverUrls: prepared.servers.map((s) => s.endpoint.url),
    tunnels: prepared.remotes,
    httpHeaders: prepared.headers.http,
    tags: attributes.tags,
    labels: attributes.labels,
  });
  const request = buildConnectionRequest({
    id: config.client.id,
    useSystemId: config.client.use_system_id,
    name: config.client.name,
    useHostname: config.client.use_hostname,
    sessionId: prepared.sessionId,
    version: prepared.version,
    tags: attributes.tags,
    labels: attributes.labels,
    remotes: prepared.remotes,
    clientConfiguration,
    system,
  });
  return Buffer.from(JSON.stringify(request));
}

export type NewConnectionResult = { ok: true; remotes: RemoteObject[] } | { ok: false; error: string };

/** Success carries the active tunnels (`null` or an array); failure carries rportd's error text. */
export function readNewConnectionReply(ok: boolean, payload: Buffer | null): NewConnectionResult {
  if (!ok) {
    const text = payload?.toString('utf8') ?? '';
    if (text.includes('client is already connected:')) {
      return { ok: false, error: 'client is already connected or previous session was not properly closed' };
    }
    return { ok: false, error: text || 'connection request refused' };
  }
  try {
    const parsed: unknown = JSON.parse(payload?.toString('utf8') ?? 'null');
    if (parsed !== null && !Array.isArray(parsed)) throw new Error('expected a JSON array');
    return { ok: true, remotes: (parsed ?? []) as RemoteObject[] };
  } catch (error) {
    return {
      ok: false,
      error: `can't decode reply payload: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
