// Faults across fallback_servers (docs/protocol.md §6), with tunnels in use:
// the primary dies and the engine moves to the first fallback that answers; every server is down for a
// while and then comes back; the primary returns while a tunnel on the fallback is carrying data and the
// switchback must still happen, end that stream cleanly (no hang, nothing left open), and tunnels through
// the primary must work afterwards.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../../support/net';
import { startTestRportd, type TestRportd } from '../../support/rportd';
import { EngineHarness, tempDir, testConfig } from '../../support/engine/engine-harness';
import {
  connectTo,
  echoOnce,
  echoThrough,
  startEchoTarget,
  type EchoTarget,
} from '../../support/faults/checked-streams';
import { eventually, sleep } from '../../support/faults/wait';
import type { EngineEvent } from '../../../main/shared/types/engine-types';

const ms = (n: number): number => n * 1e6;
const MIB = 1024 * 1024;

const connectedTo =
  (index: number, since = 0) =>
  (e: EngineEvent): boolean =>
    e.type === 'progress' && e.kind === 'connected' && e.status.server?.index === index && e.at >= since;

describe('faults: failover, all servers down, switchback under load', () => {
  const servers: Array<TestRportd | null> = [];
  const ports: number[] = [];
  let target: EchoTarget;
  let harness: EngineHarness | null;
  let data: ReturnType<typeof tempDir>;

  beforeEach(async () => {
    servers.length = 0;
    ports.length = 0;
    for (let i = 0; i < 3; i++) {
      ports.push(await freePort());
      servers.push(null);
    }
    target = await startEchoTarget();
    data = tempDir('rport-failover-');
    harness = null;
  });

  afterEach(async () => {
    await harness?.stop();
    for (const s of servers) await s?.stop();
    await target.close();
    data.remove();
  });

  /** Server i (0 = primary) up on its fixed port, with the same host key each time. */
  async function up(i: number): Promise<TestRportd> {
    const s = await startTestRportd({ clientLoginWaitMs: 0, port: ports[i], keySeed: `server-${i}` });
    servers[i] = s;
    return s;
  }

  async function down(i: number): Promise<void> {
    await servers[i]?.stop();
    servers[i] = null;
  }

  function startEngine(switchbackMs: number): EngineHarness {
    harness = new EngineHarness({ timings: { dialTimeoutMs: 1_500 } });
    harness.start(
      testConfig({
        server: `127.0.0.1:${ports[0]}`,
        dataDir: data.dir,
        tweak: (c) => {
          c.client.fallback_servers = [`127.0.0.1:${ports[1]}`, `127.0.0.1:${ports[2]}`];
          c.client.server_switchback_interval = ms(switchbackMs);
          c.connection.keep_alive = ms(500);
          c.connection.keep_alive_timeout = ms(1_500);
          c.connection.max_retry_interval = ms(1_000);
        },
      }),
    );
    return harness;
  }

  /** Opens a tunnel on this server's connection and checks 1 MiB both ways. */
  async function tunnelWorks(server: TestRportd, seed: number): Promise<void> {
    const client = await server.waitForClient();
    const tunnel = await client.openTunnel({ target: `127.0.0.1:${target.port}` });
    const echo = await echoOnce(tunnel.port, MIB, seed);
    expect(echo.receivedSha256).toBe(echo.sentSha256);
    await tunnel.close();
  }

  it('primary dies: fails over past a dead fallback to the next one, and tunnels work there', async () => {
    const primary = await up(0);
    const second = await up(2); // fallback 1 stays down
    const h = startEngine(60_000);
    await primary.waitForClient();
    await h.waitFor(connectedTo(0), 10_000, true);
    await tunnelWorks(primary, 1);

    const diedAt = Date.now();
    await down(0);
    await second.waitForClient(() => true, 15_000);
    await h.waitFor(connectedTo(2, diedAt), 10_000, true);
    expect(h.engine.status().servers.map((s) => s.lastResult)).toEqual(['error', 'error', 'ok']);
    expect(h.engine.status().server).toMatchObject({ index: 2, role: 'fallback' });
    expect(h.engine.status().switchbackAt).not.toBeNull();
    await tunnelWorks(second, 2);
    expect(second.violations).toEqual([]);
  });

  it('all servers down: keeps retrying every server with capped back-off, then connects when one returns', async () => {
    const h = startEngine(500);
    // Nothing is listening: several rounds, each dialling the primary and both fallbacks.
    const rounds: number[] = [];
    for (let i = 0; i < 4; i++) {
      const retry = await h.waitFor(
        (e) => e.type === 'progress' && e.kind === 'retry' && e.status.attempt === i + 1,
        15_000,
        true,
      );
      if (retry.type === 'progress') rounds.push(retry.status.retryInMs ?? -1);
    }
    for (const wait of rounds) {
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(1_000);
    }
    const dials = h.events.filter((e) => e.type === 'progress' && e.kind === 'dialing').length;
    expect(dials).toBeGreaterThanOrEqual(3 * 4);
    expect(h.engine.status()).toMatchObject({ state: 'reconnecting', server: null });
    expect(h.engine.status().lastError).toMatch(/connection refused/);

    // A fallback comes back first: the engine takes it, then switches back once the primary returns.
    const backAt = Date.now();
    const fallback = await up(1);
    await fallback.waitForClient(() => true, 15_000);
    await h.waitFor(connectedTo(1, backAt), 10_000, true);
    await tunnelWorks(fallback, 3);
    const primary = await up(0);
    await primary.waitForClient(() => true, 15_000);
    await h.waitFor(connectedTo(0, backAt), 15_000, true);
    await tunnelWorks(primary, 4);
    expect(h.engine.status()).toMatchObject({ state: 'connected', attempt: 0, lastError: null });
    expect(primary.violations).toEqual([]);
    expect(fallback.violations).toEqual([]);
  });

  it('switchback while a tunnel on the fallback carries data: the stream ends cleanly, the primary serves', async () => {
    const fallback = await up(1);
    const h = startEngine(800);
    const onFallback = await fallback.waitForClient(() => true, 15_000);
    await h.waitFor(connectedTo(1), 10_000, true);
    const tunnel = await onFallback.openTunnel({ target: `127.0.0.1:${target.port}` });
    const socket = await connectTo(tunnel.port);
    const inFlight = echoThrough(socket, 1024 * MIB, 5, 60_000).then(
      () => 'finished',
      (e: Error) => e.message,
    );
    await h.waitFor((e) => e.type === 'tunnel-updated' && e.tunnel.bytesIn > MIB, 10_000, true);

    const backAt = Date.now();
    const primary = await up(0);
    await primary.waitForClient(() => true, 15_000);
    await h.waitFor(connectedTo(0, backAt), 15_000, true);
    expect(h.logs()).toContain('Connected to main server, switching back.');
    // The stream on the old connection did not hang: it ended (FIN or RST) when that connection closed.
    expect(await inFlight).toMatch(/closed after \d+ of \d+ bytes|ECONNRESET/);
    const closed = await h.waitFor((e) => e.type === 'tunnel-closed' && e.tunnel.bytesIn > MIB, 10_000, true);
    expect(closed.type === 'tunnel-closed' && closed.tunnel.closedAt).not.toBeNull();
    await eventually(() => h.engine.tunnels().length === 0, 10_000, 'no tunnel left open in the engine');
    await eventually(() => target.open() === 0, 10_000, 'the target to see the stream closed');
    await fallback.waitForDisconnect(onFallback, 10_000);

    await tunnelWorks(primary, 6);
    // Stays on the primary: no further switching.
    await sleep(1_000);
    expect(h.engine.status().server).toMatchObject({ index: 0, role: 'primary' });
    expect(primary.violations).toEqual([]);
    expect(fallback.violations).toEqual([]);
  });
});
