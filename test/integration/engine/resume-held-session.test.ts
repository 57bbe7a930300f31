// Tunnels kept across a reconnect the server has not noticed yet (docs/protocol.md §3.5, §6.6.1): the
// engine gives up a connection on a congested path (keep-alive timeout) and dials again at once, while
// rportd still holds the old session and its tunnel listener. Resuming then would be refused with
// `Local port N already in use.` and rportd would forget the session's tunnels; the engine instead waits
// for the server to close the old connection, declining the restore until it has.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TcpProxy } from '../../support/net';
import type { TestRportd } from '../../support/rportd';
import { EngineHarness, testConfig } from '../../support/engine/engine-harness';
import {
  connectWithTunnelThenCongest,
  roundTrip,
  startHeldSessionRig,
  type HeldSessionRig,
} from '../../support/engine/held-session';

const ms = (n: number): number => n * 1e6;

describe('engine: resuming a session the server still holds', () => {
  let rig: HeldSessionRig;
  let server: TestRportd;
  let proxy: TcpProxy;
  let harness: EngineHarness | null;
  let echoPort: number;
  let data: HeldSessionRig['data'];

  beforeEach(async () => {
    rig = await startHeldSessionRig();
    ({ server, proxy, echoPort, data } = rig);
    harness = null;
  });

  afterEach(async () => {
    await harness?.stop();
    await rig.close();
  });

  const config = () =>
    testConfig({
      server: `127.0.0.1:${proxy.port}`,
      dataDir: data.dir,
      tweak: (c) => {
        c.connection.keep_alive = ms(150);
        c.connection.keep_alive_timeout = ms(300);
      },
    });

  it('waits for rportd to let go of the old connection, then resumes with the tunnel on its port', async () => {
    harness = new EngineHarness({ timings: { resumeWaitMs: 200, sessionLingerMs: 20_000 } });
    harness.start(config());
    const { first, lport } = await connectWithTunnelThenCongest(harness, server, proxy, echoPort);
    // The next attempt reaches rportd while the old session is still held there.
    await harness.waitFor((e) => e.type === 'log' && e.line.message.startsWith('connection error:'), 5000);
    expect(first.isClosed).toBe(false);
    // The old connection's FIN and close finally get through; rportd ends the old session.
    proxy.releaseHeld();
    await server.waitForDisconnect(first, 5000);
    const resumed = await server.waitForClient(
      (c) => c !== first && c.tunnels.some((t) => t.remote.lport === String(lport)),
      10_000,
    );
    expect(resumed.sessionId).toBe(first.sessionId);
    expect(await roundTrip(lport, 'after')).toBe('after');
    expect(harness.logs().filter((l) => l.includes('already in use'))).toEqual([]);
    expect(harness.logs().some((l) => l.includes("has not closed this client's previous connection yet"))).toBe(true);
    expect(server.violations).toEqual([]);
  });

  it('says so when rportd refuses a resume because a tunnel port is still bound (tunnels forgotten)', async () => {
    // No waiting for the old connection at all: the resume reaches rportd while it holds the session.
    harness = new EngineHarness({ timings: { resumeWaitMs: 0, sessionLingerMs: 1 } });
    harness.start(config());
    const { first, lport } = await connectWithTunnelThenCongest(harness, server, proxy, echoPort);
    const warning = await harness.waitFor(
      (e) =>
        e.type === 'log' && e.line.level === 'warn' && e.line.message.startsWith('rportd could not start a tunnel'),
      5000,
    );
    expect(warning.type === 'log' && warning.line.message).toContain(`Local port ${lport} already in use.`);
    proxy.releaseHeld();
    await server.waitForDisconnect(first, 5000);
    // rportd has forgotten the tunnel: the session resumes without it (what the warning told the user).
    const resumed = await server.waitForClient((c) => c !== first, 10_000);
    expect(resumed.tunnels).toEqual([]);
  });
});
