// Tells the dialer how the tunnel through the proxy went, so a failure there is told as the proxy's
// (proxy-errors.ts) and not as the server's, and the connection test can time a "proxy" step. Both agent
// packages build on agent-base, which opens every connection through the agent's own `connect(req,
// opts)`: wrapping that one method sees reaching the proxy, its handshake, and (https-proxy-agent's
// `proxyConnect` event on the request) the proxy's answer to CONNECT, which that package otherwise
// replays to `ws` as if the server had sent it.
import type { Agent, ClientRequest } from 'node:http';

export interface ProxyTunnelWatch {
  /** The proxy opened the tunnel to the server. */
  established(): void;
  /** The proxy answered CONNECT with this status (not 200). */
  refused(status: number, statusText: string): void;
  /** Reaching the proxy, or its handshake, failed. */
  failed(error: Error & { code?: string }): void;
}

interface ConnectResponse {
  statusCode?: number;
  statusText?: string;
}

type AgentConnect = (req: ClientRequest, options: unknown) => unknown;

export function watchProxyTunnel(agent: Agent, watch: ProxyTunnelWatch): void {
  const target = agent as Agent & { connect?: AgentConnect };
  const connect = target.connect;
  if (typeof connect !== 'function') return;
  target.connect = async (req, options) => {
    let answer: ConnectResponse | null = null;
    req.once('proxyConnect', (response: ConnectResponse) => {
      answer = response;
    });
    let socket: unknown;
    try {
      socket = await connect.call(agent, req, options);
    } catch (error) {
      watch.failed(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
    const status = (answer as ConnectResponse | null)?.statusCode ?? 200;
    if (status === 200) watch.established();
    else watch.refused(status, (answer as ConnectResponse | null)?.statusText ?? '');
    return socket;
  };
}
