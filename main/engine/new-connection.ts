// The `new_connection` exchange shared by the engine and the connection test (§3.1–§3.4): the payload
// built from the prepared run, and the reading of rportd's reply.
import type { ClientIdentity } from '../shared/types/engine-types';
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
  return Buffer.from(JSON.stringify(newConnectionRequest(prepared, attributes, system)));
}

/** The request as an object (Go field names), before it is sent as JSON. */
export function newConnectionRequest(
  prepared: PreparedRun,
  attributes: ClientAttributes,
  system: StaticSystemInfo,
): Record<string, unknown> {
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
  return request;
}

/**
 * Who the request says this machine is, and where that came from: `[client] id` or the machine id, else
 * none and rportd chooses (§3.3); `[client] name` or the hostname (§3.2).
 */
export function identityOf(
  request: Record<string, unknown>,
  client: Pick<PreparedRun['config']['client'], 'id' | 'name'>,
): ClientIdentity {
  const clientId = typeof request.ID === 'string' ? request.ID : '';
  const name = typeof request.Name === 'string' ? request.Name : '';
  return {
    clientId,
    idSource: clientId === '' ? 'server' : client.id !== '' ? 'config' : 'machine-id',
    name,
    nameSource: name === '' ? 'none' : client.name !== '' ? 'config' : 'hostname',
  };
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
