// An accepted tunnel channel turns the engine's JIT compilers on; a refused one does not.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Client } from 'ssh2';
import { parseTunnelAllowed } from '../../../main/config/rules/tunnel-allowed';
import type { TunnelRegistry } from '../../../main/engine/tunnel-registry';
import { handleRportChannel } from '../../../main/engine/tunnel-manager';

const hooks = vi.hoisted(() => ({
  acceptChannel: vi.fn(),
  rejectChannel: vi.fn(),
  runTcpTunnel: vi.fn(),
  turnOn: vi.fn(),
}));
vi.mock('../../../main/engine/ssh2-hooks', () => ({
  OPEN_ADMINISTRATIVELY_PROHIBITED: 1,
  acceptChannel: hooks.acceptChannel,
  rejectChannel: hooks.rejectChannel,
}));
vi.mock('../../../main/engine/tcp-tunnel', () => ({ runTcpTunnel: hooks.runTcpTunnel }));
vi.mock('../../../main/engine/jit-compilers', () => ({ jitCompilers: { turnOn: hooks.turnOn } }));

function handle(extra: string, allowed: string[] = []) {
  const logs: string[] = [];
  hooks.acceptChannel.mockReturnValue({ close: vi.fn() });
  const rules = allowed.map((entry) => {
    const parsed = parseTunnelAllowed(entry);
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.rule;
  });
  const registry = { create: () => ({ id: 't1' }) } as unknown as TunnelRegistry;
  handleRportChannel(
    {} as Client,
    new AbortController().signal,
    { type: 'rport', sender: 1, window: 1 << 20, packetSize: 32_768, extra: Buffer.from(extra) },
    {
      registry,
      tunnelAllowed: () => rules,
      udpIdleMs: 1000,
      log: (level, message) => logs.push(`${level} ${message}`),
    },
  );
  return logs;
}

describe('tunnel channels and the JIT compilers', () => {
  beforeEach(() => {
    for (const fn of Object.values(hooks)) fn.mockReset();
  });

  it('an accepted channel turns it on, and the one time it comes on is logged', () => {
    hooks.turnOn.mockReturnValueOnce(true).mockReturnValue(false);
    expect(handle('127.0.0.1:22')).toEqual(["debug V8's compilers on: a tunnel carries a connection"]);
    expect(handle('127.0.0.1:22')).toEqual([]);
    expect(hooks.turnOn).toHaveBeenCalledTimes(2);
    expect(hooks.runTcpTunnel).toHaveBeenCalledTimes(2);
  });

  it('a channel tunnel_allowed refuses leaves it off', async () => {
    handle('127.0.0.1:22', ['10.0.0.0/8']);
    // tunnel_allowed is checked asynchronously (host names resolve).
    await vi.waitFor(() => expect(hooks.rejectChannel).toHaveBeenCalled());
    expect(hooks.turnOn).not.toHaveBeenCalled();
  });
});
