// Incoming `rport` channels (docs/protocol.md §4.2): split the extra data `host:port[/proto]`, apply
// `tunnel_allowed` (reject with reason 1 and Go's exact text when not allowed or when the check fails),
// otherwise accept FIRST and then dial: TCP streams or the UDP gob stream. An unknown protocol suffix
// closes the accepted channel, as the Go client does. A tunnel ends with its connection (`connection`
// aborts when the SSH connection closes).
import type { Client } from 'ssh2';
import type { LogLevelName } from '../shared/types/engine-types';
import { splitHostPort } from '../config/rules/remotes';
import { jitCompilers } from './jit-compilers';
import { acceptChannel, rejectChannel, OPEN_ADMINISTRATIVELY_PROHIBITED, type IncomingChannelOpen } from './ssh2-hooks';
import { runTcpTunnel } from './tcp-tunnel';
import { formatTunnelAllowed, isTunnelAllowed, type TunnelAllowedRule } from '../config/rules/tunnel-allowed';
import type { TunnelRegistry } from './tunnel-registry';
import { runUdpTunnel } from './udp-tunnel';

export const TUNNEL_NOT_ALLOWED_TEXT = 'not allowed with "tunnel_allowed" config';

export interface TunnelManagerDeps {
  registry: TunnelRegistry;
  /** The run's parsed `tunnel_allowed` (effective config); empty allows everything. */
  tunnelAllowed: () => readonly TunnelAllowedRule[];
  udpIdleMs: number;
  log: (level: LogLevelName, message: string) => void;
}

export function handleRportChannel(
  client: Client,
  connection: AbortSignal,
  info: IncomingChannelOpen,
  deps: TunnelManagerDeps,
): void {
  const isOpen = (): boolean => !connection.aborted;
  const extra = info.extra.toString('utf8');
  const slash = extra.indexOf('/');
  const remote = slash === -1 ? extra : extra.slice(0, slash);
  const protocol = slash === -1 ? 'tcp' : extra.slice(slash + 1);
  const rules = deps.tunnelAllowed();

  const reject = (): void => {
    if (!isOpen()) return;
    deps.log(
      'error',
      `Rejecting stream to ${JSON.stringify(remote)} based on "tunnel_allowed" config: ${formatTunnelAllowed(rules)}`,
    );
    rejectChannel(client, info.sender, OPEN_ADMINISTRATIVELY_PROHIBITED, TUNNEL_NOT_ALLOWED_TEXT);
  };

  const proceed = (): void => {
    if (!isOpen()) return;
    const channel = acceptChannel(client, info);
    if (!channel) {
      deps.log('error', `Failed to accept stream to ${JSON.stringify(remote)}: no free channel ids`);
      rejectChannel(client, info.sender, 4, 'no free channel ids');
      return;
    }
    if (jitCompilers.turnOn()) deps.log('debug', "V8's compilers on: a tunnel carries a connection");
    let host: string;
    let port: number;
    try {
      const parts = splitHostPort(remote);
      host = parts.host;
      port = Number(parts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new Error(`invalid port ${JSON.stringify(parts.port)}`);
    } catch (error) {
      deps.log(
        'error',
        `Bad tunnel target ${JSON.stringify(remote)}: ${error instanceof Error ? error.message : String(error)}`,
      );
      channel.close();
      return;
    }
    const log = (level: 'debug' | 'error', message: string): void => deps.log(level, message);
    if (protocol === 'tcp') {
      runTcpTunnel(channel, { host, port, text: remote }, deps.registry.create('tcp', remote), log, connection);
    } else if (protocol === 'udp') {
      const handle = deps.registry.create('udp', remote);
      runUdpTunnel(channel, { host, port, text: remote }, handle, deps.udpIdleMs, log, connection);
    } else {
      deps.log('error', `Unsupported protocol ${protocol} for tunnel ${remote}`);
      channel.close();
    }
  };

  if (rules.length === 0) return proceed();
  isTunnelAllowed(rules, remote).then(
    (allowed) => (allowed ? proceed() : reject()),
    (error: unknown) => {
      deps.log(
        'error',
        `Could not check if remote is allowed: ${error instanceof Error ? error.message : String(error)}`,
      );
      reject();
    },
  );
}
