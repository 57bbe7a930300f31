// Incoming `rport` channels against `tunnel_allowed` (main/engine/tunnel-manager.ts, docs/protocol.md
// §4.2, §4.5): refused with reason 1 and Go's text, accepted first and then dialled, the port checked at
// its limits, the protocol suffix routed. The ssh2 hooks and the tunnel runners are stubbed: what is
// checked is which one is called, with what.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Client } from 'ssh2';
import { parseTunnelAllowed, type TunnelAllowedRule } from '../../../main/config/rules/tunnel-allowed';
import type { IncomingChannelOpen } from '../../../main/engine/ssh2-hooks';
import type { TunnelRegistry } from '../../../main/engine/tunnel-registry';
import { handleRportChannel, TUNNEL_NOT_ALLOWED_TEXT } from '../../../main/engine/tunnel-manager';

const hooks = vi.hoisted(() => ({
  acceptChannel: vi.fn(),
  rejectChannel: vi.fn(),
  runTcpTunnel: vi.fn(),
  runUdpTunnel: vi.fn(),
}));
vi.mock('../../../main/engine/ssh2-hooks', () => ({
  OPEN_ADMINISTRATIVELY_PROHIBITED: 1,
  acceptChannel: hooks.acceptChannel,
  rejectChannel: hooks.rejectChannel,
}));
vi.mock('../../../main/engine/tcp-tunnel', () => ({ runTcpTunnel: hooks.runTcpTunnel }));
vi.mock('../../../main/engine/udp-tunnel', () => ({ runUdpTunnel: hooks.runUdpTunnel }));

const client = {} as Client;
const rules = (...entries: string[]): TunnelAllowedRule[] =>
  entries.map((e) => {
    const r = parseTunnelAllowed(e);
    if (!r.ok) throw new Error(r.error);
    return r.rule;
  });
const open = (extra: string): IncomingChannelOpen => ({
  type: 'rport',
  sender: 42,
  window: 1 << 20,
  packetSize: 32_768,
  extra: Buffer.from(extra),
});

function setup(allowed: TunnelAllowedRule[] = []) {
  const logs: Array<[string, string]> = [];
  const channel = { close: vi.fn() };
  hooks.acceptChannel.mockReturnValue(channel);
  const created: Array<[string, string]> = [];
  const registry = {
    create: (protocol: string, target: string) => {
      created.push([protocol, target]);
      return { id: `t${created.length}` };
    },
  } as unknown as TunnelRegistry;
  const connection = new AbortController();
  const deps = {
    registry,
    tunnelAllowed: () => allowed,
    udpIdleMs: 1234,
    log: (l: string, m: string) => logs.push([l, m]),
  };
  const handle = (extra: string) => handleRportChannel(client, connection.signal, open(extra), deps);
  return { logs, channel, created, connection, handle };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('rport channels and tunnel_allowed', () => {
  beforeEach(() => {
    for (const fn of Object.values(hooks)) fn.mockReset();
  });

  it('with no rules accepts at once and runs a TCP tunnel to the target', () => {
    const { handle, created, channel, connection } = setup();
    handle('127.0.0.1:22');
    expect(hooks.acceptChannel).toHaveBeenCalledWith(client, expect.objectContaining({ sender: 42 }));
    expect(hooks.runTcpTunnel).toHaveBeenCalledWith(
      channel,
      { host: '127.0.0.1', port: 22, text: '127.0.0.1:22' },
      { id: 't1' },
      expect.any(Function),
      connection.signal,
    );
    expect(created).toEqual([['tcp', '127.0.0.1:22']]);
    expect(hooks.rejectChannel).not.toHaveBeenCalled();
  });

  it('routes /udp to the UDP tunnel with the idle timeout, /tcp to TCP, anything else closes', () => {
    const s = setup();
    s.handle('[::1]:53/udp');
    expect(hooks.runUdpTunnel).toHaveBeenCalledWith(
      s.channel,
      { host: '::1', port: 53, text: '[::1]:53' },
      { id: 't1' },
      1234,
      expect.any(Function),
      s.connection.signal,
    );
    s.handle('127.0.0.1:80/tcp');
    expect(hooks.runTcpTunnel).toHaveBeenCalledTimes(1);
    s.handle('127.0.0.1:80/sctp');
    expect(s.channel.close).toHaveBeenCalledTimes(1);
    expect(s.logs).toContainEqual(['error', 'Unsupported protocol sctp for tunnel 127.0.0.1:80']);
    expect(s.created).toEqual([
      ['udp', '[::1]:53'],
      ['tcp', '127.0.0.1:80'],
    ]);
  });

  it('takes ports 0 and 65535; 65536, -1 and a non-number close the accepted channel', () => {
    const s = setup();
    s.handle('127.0.0.1:0');
    s.handle('127.0.0.1:65535');
    expect(hooks.runTcpTunnel).toHaveBeenCalledTimes(2);
    expect(s.channel.close).not.toHaveBeenCalled();
    for (const [target, port] of [
      ['127.0.0.1:65536', '"65536"'],
      ['127.0.0.1:-1', '"-1"'],
      ['127.0.0.1:ssh', '"ssh"'],
      ['127.0.0.1:2.5', '"2.5"'],
    ]) {
      s.handle(target!);
      expect(s.logs.at(-1)).toEqual(['error', `Bad tunnel target ${JSON.stringify(target)}: invalid port ${port}`]);
    }
    s.handle('nonsense');
    expect(s.logs.at(-1)).toEqual(['error', 'Bad tunnel target "nonsense": address nonsense: missing port in address']);
    expect(s.channel.close).toHaveBeenCalledTimes(5);
    expect(hooks.runTcpTunnel).toHaveBeenCalledTimes(2);
  });

  it('refuses a target outside tunnel_allowed with reason 1 and Go’s text, logging the rules', async () => {
    const s = setup(rules('127.0.0.1:22', '10.0.0.0/8'));
    s.handle('127.0.0.1:23');
    expect(hooks.rejectChannel).not.toHaveBeenCalled(); // the check is asynchronous
    await flush();
    expect(hooks.rejectChannel).toHaveBeenCalledWith(client, 42, 1, 'not allowed with "tunnel_allowed" config');
    expect(TUNNEL_NOT_ALLOWED_TEXT).toBe('not allowed with "tunnel_allowed" config');
    expect(s.logs).toEqual([
      ['error', 'Rejecting stream to "127.0.0.1:23" based on "tunnel_allowed" config: [127.0.0.1:22 10.0.0.0/8]'],
    ]);
    expect(hooks.acceptChannel).not.toHaveBeenCalled();
  });

  it('accepts a target the rules allow, only after the check', async () => {
    const s = setup(rules('127.0.0.1:22'));
    s.handle('127.0.0.1:22');
    expect(hooks.acceptChannel).not.toHaveBeenCalled();
    await flush();
    expect(hooks.acceptChannel).toHaveBeenCalledTimes(1);
    expect(hooks.runTcpTunnel).toHaveBeenCalledTimes(1);
    expect(hooks.rejectChannel).not.toHaveBeenCalled();
  });

  it('a check that fails (malformed target) refuses, saying why', async () => {
    const s = setup(rules('127.0.0.1:22'));
    s.handle('nonsense');
    await flush();
    expect(s.logs[0]).toEqual([
      'error',
      'Could not check if remote is allowed: address nonsense: missing port in address',
    ]);
    expect(hooks.rejectChannel).toHaveBeenCalledWith(client, 42, 1, TUNNEL_NOT_ALLOWED_TEXT);
  });

  it('does nothing once the connection closed while the check ran', async () => {
    for (const target of ['127.0.0.1:22', '127.0.0.1:23']) {
      const s = setup(rules('127.0.0.1:22'));
      s.handle(target);
      s.connection.abort();
      await flush();
      expect(hooks.acceptChannel).not.toHaveBeenCalled();
      expect(hooks.rejectChannel).not.toHaveBeenCalled();
      expect(s.logs).toEqual([]);
    }
  });

  it('refuses with reason 4 when no channel id is free', () => {
    const s = setup();
    hooks.acceptChannel.mockReturnValue(null);
    s.handle('127.0.0.1:22');
    expect(hooks.rejectChannel).toHaveBeenCalledWith(client, 42, 4, 'no free channel ids');
    expect(s.logs).toEqual([['error', 'Failed to accept stream to "127.0.0.1:22": no free channel ids']]);
    expect(hooks.runTcpTunnel).not.toHaveBeenCalled();
  });

  it('hands the tunnel a log that keeps the level and the message', () => {
    const s = setup();
    s.handle('127.0.0.1:22');
    const log = hooks.runTcpTunnel.mock.calls[0]![3] as (level: string, message: string) => void;
    log('debug', 'hello');
    expect(s.logs).toEqual([['debug', 'hello']]);
  });
});
