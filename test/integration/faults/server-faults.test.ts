// Faults on the one server the engine uses, while a tunnel carries data: the server killed (its sockets
// gone without a close handshake), restarted on the same port, or black-holed by a TCP proxy that stops
// forwarding without closing anything. Each time the engine must notice (at once for a closed socket,
// within keep_alive + keep_alive_timeout for a silent one), reconnect with the same session, and the
// tunnels rportd restores must carry byte-exact data again. Nothing may stay open behind the dead stream.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from '../../support/net';
import { startTestRportd, type TestClient, type TestRportd } from '../../support/rportd';
import { EngineHarness, tempDir, testConfig } from '../../support/engine/engine-harness';
import {
  connectTo,
  echoOnce,
  echoThrough,
  startEchoTarget,
  type EchoTarget,
} from '../../support/faults/checked-streams';
import { eventually } from '../../support/faults/wait';

const ms = (n: number): number => n * 1e6;
const KEEP_ALIVE_MS = 500;
const KEEP_ALIVE_TIMEOUT_MS = 1_000;
/** Scheduling on a loaded 2-core machine; the product's own bound is keep_alive + keep_alive_timeout. */
const SLACK_MS = 4_000;
const MIB = 1024 * 1024;

describe('faults: the server dies, restarts or goes silent mid-transfer', () => {
  let server: TestRportd;
  let target: EchoTarget;
  let proxy: TcpProxy | null;
  let harness: EngineHarness | null;
  let data: ReturnType<typeof tempDir>;

  beforeEach(async () => {
    server = await startTestRportd({ clientLoginWaitMs: 0 });
    target = await startEchoTarget();
    data = tempDir('rport-faults-');
    proxy = null;
    harness = null;
  });

  afterEach(async () => {
    await harness?.stop();
    await proxy?.close();
    await server.stop();
    await target.close();
    data.remove();
  });

  function startEngine(serverAddress: string): EngineHarness {
    harness = new EngineHarness({ timings: { dialTimeoutMs: 1_500 } });
    harness.start(
      testConfig({
        server: serverAddress,
        dataDir: data.dir,
        tweak: (c) => {
          c.connection.keep_alive = ms(KEEP_ALIVE_MS);
          c.connection.keep_alive_timeout = ms(KEEP_ALIVE_TIMEOUT_MS);
        },
      }),
    );
    return harness;
  }

  /** A long echo through a fresh tunnel, resolved once bytes are flowing; `result` settles when it ends. */
  async function transferInFlight(client: TestClient, h: EngineHarness) {
    const tunnel = await client.openTunnel({ target: `127.0.0.1:${target.port}` });
    const socket = await connectTo(tunnel.port);
    const result = echoThrough(socket, 512 * MIB, 7, 60_000).then(
      (r) => ({ ok: true as const, r }),
      (e: Error) => ({ ok: false as const, error: e.message }),
    );
    await h.waitFor((e) => e.type === 'tunnel-updated' && e.tunnel.bytesIn > 0, 10_000);
    return { tunnel, socket, result };
  }

  /** The tunnel rportd restored for the reconnected client carries 1 MiB both ways, byte for byte. */
  async function restoredTunnelWorks(client: TestClient): Promise<void> {
    const restored = (client.remotes ?? []).find((r) => r.rport === String(target.port));
    expect(restored, `restored tunnels: ${JSON.stringify(client.remotes)}`).toBeDefined();
    const echo = await echoOnce(Number(restored?.lport), MIB, 11);
    expect(echo.receivedSha256).toBe(echo.sentSha256);
    expect(echo.received).toBe(MIB);
  }

  async function engineTunnelsClosed(h: EngineHarness): Promise<void> {
    await eventually(() => h.engine.tunnels().length === 0, 10_000, 'the engine to close every tunnel');
  }

  it('server killed mid-transfer: the stream fails fast, the engine reconnects, restored tunnels work', async () => {
    const h = startEngine(server.url);
    const first = await server.waitForClient();
    await h.waitForState('connected');
    const transfer = await transferInFlight(first, h);

    const killedAt = Date.now();
    server.dropAll();
    const outcome = await transfer.result;
    expect(outcome.ok).toBe(false);
    const lost = await h.waitFor(
      (e) => e.type === 'log' && e.line.message === 'Disconnected' && e.line.at >= killedAt,
      10_000,
      true,
    );
    expect(lost.type === 'log' && lost.line.at - killedAt).toBeLessThan(
      KEEP_ALIVE_MS + KEEP_ALIVE_TIMEOUT_MS + SLACK_MS,
    );
    const closed = await h.waitFor((e) => e.type === 'tunnel-closed', 10_000, true);
    expect(closed.type === 'tunnel-closed' && closed.tunnel.bytesIn).toBeGreaterThan(0);

    const second = await server.waitForClient((c) => c !== first, 15_000);
    expect(second.sessionId).toBe(first.sessionId);
    await h.waitFor((e) => e.type === 'progress' && e.kind === 'connected' && e.at > killedAt, 10_000, true);
    await engineTunnelsClosed(h);
    await restoredTunnelWorks(second);
    // The target saw the dead stream end too: only nothing (or the finished check) is still open there.
    await eventually(() => target.open() === 0, 10_000, 'the target to see every stream closed');
    expect(server.violations).toEqual([]);
  });

  it('server restarted on the same port: reconnects with the same session and the tunnels come back', async () => {
    const h = startEngine(server.url);
    const first = await server.waitForClient();
    await h.waitForState('connected');
    const transfer = await transferInFlight(first, h);

    const restartedAt = Date.now();
    await server.restart();
    expect((await transfer.result).ok).toBe(false);
    const second = await server.waitForClient((c) => c !== first, 15_000);
    expect(second.sessionId).toBe(first.sessionId);
    await h.waitFor((e) => e.type === 'progress' && e.kind === 'connected' && e.at > restartedAt, 10_000, true);
    await engineTunnelsClosed(h);
    await restoredTunnelWorks(second);
    expect(h.engine.status()).toMatchObject({ state: 'connected', lastError: null });
    expect(server.violations).toEqual([]);
  });

  it('black-holed link: noticed within keep_alive + keep_alive_timeout, then reconnects when the route is back', async () => {
    proxy = await startTcpProxy({ targetPort: server.port });
    const h = startEngine(`127.0.0.1:${proxy.port}`);
    const first = await server.waitForClient();
    await h.waitForProgress('ping', 10_000);
    const transfer = await transferInFlight(first, h);

    const silentAt = Date.now();
    proxy.setMode('blackHole');
    const noticed = await h.waitFor(
      (e) => e.type === 'log' && e.line.message.startsWith('Failed to send keepalive (client to server ping):'),
      KEEP_ALIVE_MS + KEEP_ALIVE_TIMEOUT_MS + SLACK_MS + 5_000,
      true,
    );
    const noticedAfter = noticed.type === 'log' ? noticed.line.at - silentAt : -1;
    expect(noticedAfter).toBeLessThan(KEEP_ALIVE_MS + KEEP_ALIVE_TIMEOUT_MS + SLACK_MS);
    // Dials into the black hole time out and are retried with back-off; nothing crashes meanwhile.
    await h.waitFor((e) => e.type === 'progress' && e.kind === 'retry' && e.at > silentAt, 15_000, true);
    expect(h.engine.status().state).toBe('reconnecting');
    expect((await transfer.result).ok).toBe(false);

    proxy.setMode('forward');
    proxy.dropAll();
    const second = await server.waitForClient((c) => c !== first, 20_000);
    expect(second.sessionId).toBe(first.sessionId);
    await h.waitFor((e) => e.type === 'progress' && e.kind === 'connected' && e.at > silentAt, 10_000, true);
    await engineTunnelsClosed(h);
    await restoredTunnelWorks(second);
    expect(server.violations).toEqual([]);
  });
});
