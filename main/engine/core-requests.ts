// The server requests the connection core answers itself (docs/protocol.md §4.3, §5.2):
// `check_port` — can the client reach host:port over TCP within the timeout — and `check_tunnel_allowed`
// — would `tunnel_allowed` let a tunnel to that target through.
import net from 'node:net';
import type { LogLevelName } from '../shared/types/engine-types';
import { splitHostPort } from '../config/rules/remotes';
import type { RequestReply } from './server-session';
import { formatTunnelAllowed, isTunnelAllowed, type TunnelAllowedRule } from '../config/rules/tunnel-allowed';
import { lookupFailureText } from '../shared/net/lookup-failure';

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

export class BadRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadRequestError';
  }
}

function parseJsonObject(payload: Buffer | null): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(payload?.toString('utf8') ?? '');
  } catch (error) {
    throw new BadRequestError(error instanceof Error ? error.message : 'invalid JSON');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new BadRequestError('expected a JSON object');
  return value as Record<string, unknown>;
}

/** Go's net.DialTimeout error texts for the common cases, so rportd shows what a Go client would. */
export function dialErrorText(hostPort: string, error: NodeJS.ErrnoException | Error): string {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  switch (code) {
    case 'ECONNREFUSED':
      return `dial tcp ${hostPort}: connect: connection refused`;
    case 'ETIMEDOUT':
      return `dial tcp ${hostPort}: i/o timeout`;
    case 'ENOTFOUND':
    case 'EAI_NONAME':
    case 'EAI_NODATA':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
      return `dial tcp: ${lookupFailureText(splitHostPortSafe(hostPort), code) ?? ''}`;
    case 'EHOSTUNREACH':
      return `dial tcp ${hostPort}: connect: no route to host`;
    case 'ENETUNREACH':
      return `dial tcp ${hostPort}: connect: network is unreachable`;
    default:
      return `dial tcp ${hostPort}: ${error.message}`;
  }
}

function splitHostPortSafe(hostPort: string): string {
  try {
    return splitHostPort(hostPort).host;
  } catch {
    return hostPort;
  }
}

/** TCP connect with a timeout, then close (Go: system.IsPortOpen). */
export function probeTcpPort(hostPort: string, timeoutMs: number): Promise<{ open: boolean; error: string }> {
  return new Promise((resolve) => {
    let host: string;
    let port: number;
    try {
      const parts = splitHostPort(hostPort);
      host = parts.host;
      port = Number(parts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`address ${hostPort}: invalid port`);
    } catch (error) {
      resolve({ open: false, error: `dial tcp: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => finish(false, `dial tcp ${hostPort}: i/o timeout`), Math.max(1, timeoutMs));
    let settled = false;
    function finish(open: boolean, error: string): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ open, error });
    }
    socket.once('connect', () => finish(true, ''));
    socket.once('error', (error) => finish(false, dialErrorText(hostPort, error)));
  });
}

export async function handleCheckPort(payload: Buffer | null): Promise<RequestReply> {
  const req = parseJsonObject(payload);
  const hostPort = typeof req.HostPort === 'string' ? req.HostPort : '';
  // Timeout is a Go duration in ns; 0 means no timeout in Go's DialTimeout (OS default) — cap it.
  const timeoutNs = typeof req.Timeout === 'number' && req.Timeout > 0 ? req.Timeout : 0;
  const timeoutMs = timeoutNs > 0 ? timeoutNs / 1e6 : 75_000;
  const result = await probeTcpPort(hostPort, timeoutMs);
  return { ok: true, payload: json({ Open: result.open, ErrMsg: result.error }) };
}

export async function handleCheckTunnelAllowed(
  payload: Buffer | null,
  rules: readonly TunnelAllowedRule[],
  log: (level: LogLevelName, message: string) => void,
): Promise<RequestReply> {
  const req = parseJsonObject(payload);
  const remote = typeof req.Remote === 'string' ? req.Remote : '';
  const allowed = await isTunnelAllowed(rules, remote);
  if (!allowed) {
    log(
      'error',
      `Tunnel to ${JSON.stringify(remote)} not allowed based on "tunnel_allowed" config: ${formatTunnelAllowed(rules)}`,
    );
  }
  return { ok: true, payload: json({ IsAllowed: allowed }) };
}
