// Failures and recovery: refused auth, "already connected", failed and unanswered new_connection,
// max_retry_count, reconnect after a drop with the same SessionID, keep-alive timeout (server silent,
// and a black-holed link).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from '../../support/net';
import { startTestRportd, type RequestEvent, type TestClient, type TestRportd } from '../../support/rportd';
import { EngineHarness, tempDir, testConfig } from '../../support/engine/engine-harness';

const ms = (n: number): number => n * 1e6;

describe('engine: reconnect and back-off', () => {
  let server: TestRportd;
  let harness: EngineHarness | null;
  let proxy: TcpProxy | null;
  let data: ReturnType<typeof tempDir>;

  beforeEach(async () => {
    server = await startTestRportd({
      clientLoginWaitMs: 0,
      maxFailedLogin: 0,
      clients: { client1: 'Pw-Very-Secret-9' },
    });
    data = tempDir();
    harness = null;
    proxy = null;
  });

  afterEach(async () => {
    await harness?.stop();
    await proxy?.close();
    await server.stop();
    data.remove();
  });

  const config = (tweak?: Parameters<typeof testConfig>[0]['tweak']) =>
    testConfig({ server: server.url, dataDir: data.dir, auth: 'client1:Pw-Very-Secret-9', tweak });

  /** The server side of the next connection that sends new_connection. */
  const nextNewConnection = (): Promise<TestClient> =>
    new Promise((resolve) => {
      const onRequest = (e: RequestEvent): void => {
        if (e.name !== 'new_connection') return;
        server.events.off('request', onRequest);
        resolve(e.client);
      };
      server.events.on('request', onRequest);
    });

  it('keeps retrying a refused login with jittered back-off capped by max_retry_interval, then connects', async () => {
    server.faults.refuseAuth = true;
    harness = new EngineHarness({ timings: { backoffMinMs: 50 } });
    harness.start(config((c) => (c.connection.max_retry_interval = ms(1000))));
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      const e = await harness.waitFor((ev) => ev.type === 'progress' && ev.kind === 'retry', 10_000);
      if (e.type === 'progress') waits.push(e.status.retryInMs ?? -1);
    }
    expect(waits[0]).toBe(50);
    for (const [n, w] of waits.entries()) {
      expect(w).toBeGreaterThanOrEqual(50);
      expect(w).toBeLessThanOrEqual(Math.min(50 * 2 ** n, 1000));
    }
    expect(harness.logs()).toContain('connection error: Authentication failed');
    expect(harness.logs()).toContain('connection error: Authentication failed (attempt: 1 of infinite)');
    expect(harness.logs().some((l) => /^Retrying in 50ms\.\.\.$/.test(l))).toBe(true);
    expect(harness.engine.status()).toMatchObject({ state: 'reconnecting', lastError: 'Authentication failed' });
    server.faults.refuseAuth = false;
    await harness.waitForProgress('connected', 10_000);
    expect(harness.engine.status()).toMatchObject({ state: 'connected', attempt: 0, lastError: null });
    expect(JSON.stringify(harness.events)).not.toContain('Pw-Very-Secret-9');
  });

  it('"already connected": closes the connection, logs Go’s error and hint, backs off, then connects', async () => {
    server.faults.replyAlreadyConnected = true;
    const refused = nextNewConnection();
    harness = new EngineHarness();
    harness.start(config());
    await harness.waitForProgress('retry');
    // rportd leaves a refused connection open: the client must close it (§3.4).
    await server.waitForDisconnect(await refused, 2000);
    expect(server.clients).toHaveLength(0);
    expect(harness.logs()).toContain(
      'connection error: client is already connected or previous session was not properly closed',
    );
    expect(harness.logs().some((l) => l.startsWith('Server will clean up orphaned sessions'))).toBe(true);
    server.faults.replyAlreadyConnected = false;
    await harness.waitForProgress('connected');
    expect(server.violations).toEqual([]);
  });

  it('closes the connection after any failed new_connection and backs off with the server’s text', async () => {
    server.faults.newConnectionFailure = 'unable to start tunnel: port 2222 is busy';
    const refused = nextNewConnection();
    harness = new EngineHarness();
    harness.start(config());
    await harness.waitForProgress('retry');
    expect(harness.logs()).toContain('connection error: unable to start tunnel: port 2222 is busy');
    await server.waitForDisconnect(await refused, 2000);
    expect(server.clients).toHaveLength(0);
    server.faults.newConnectionFailure = null;
    await harness.waitForProgress('connected');
  });

  it('gives up waiting for the new_connection reply, closes, and backs off', async () => {
    server.faults.delayNewConnectionReplyMs = 5_000;
    const unanswered = nextNewConnection();
    harness = new EngineHarness({ timings: { newConnectionReplyTimeoutMs: 300 } });
    harness.start(config());
    await harness.waitForProgress('retry', 5000);
    await server.waitForDisconnect(await unanswered, 2000);
    expect(harness.logs().some((l) => /^connection error: connection request timed out/.test(l))).toBe(true);
    server.faults.delayNewConnectionReplyMs = 0;
    await harness.waitForProgress('connected', 5000);
  });

  it('max_retry_count = 2 makes three attempts and then stops; 0 makes one', async () => {
    const url = server.url;
    await server.stop();
    harness = new EngineHarness();
    harness.start(testConfig({ server: url, dataDir: data.dir, tweak: (c) => (c.connection.max_retry_count = 2) }));
    await harness.waitForState('stopped', 10_000);
    const dials = harness.events.filter((e) => e.type === 'progress' && e.kind === 'dialing').length;
    expect(dials).toBe(3);
    expect(harness.logs()).toContain('connection error: max retries exceeded');
    expect(harness.logs().filter((l) => /\(attempt: \d of 2\)$/.test(l))).toHaveLength(2);
    await harness.stop();

    harness = new EngineHarness();
    harness.start(testConfig({ server: url, dataDir: data.dir, tweak: (c) => (c.connection.max_retry_count = 0) }));
    await harness.waitForState('stopped', 10_000);
    expect(harness.events.filter((e) => e.type === 'progress' && e.kind === 'dialing')).toHaveLength(1);
    server = await startTestRportd({ clientLoginWaitMs: 0 });
  });

  it('reconnects at once after a dropped connection, with the same SessionID', async () => {
    harness = new EngineHarness();
    harness.start(config(), { sessionId: 'stable-session-42' });
    const first = await server.waitForClient();
    await harness.waitForProgress('connected');
    const retriesBefore = harness.events.filter((e) => e.type === 'progress' && e.kind === 'retry').length;
    server.dropAll();
    const second = await server.waitForClient((c) => c !== first);
    expect(second.sessionId).toBe('stable-session-42');
    expect(first.sessionId).toBe('stable-session-42');
    expect(harness.events.filter((e) => e.type === 'progress' && e.kind === 'retry').length).toBe(retriesBefore);
    expect(server.violations).toEqual([]);
  });

  it('closes and reconnects when the server stops answering keep-alive pings', async () => {
    harness = new EngineHarness();
    harness.start(
      config((c) => {
        c.connection.keep_alive = ms(100);
        c.connection.keep_alive_timeout = ms(300);
      }),
    );
    const first = await server.waitForClient();
    await harness.waitForProgress('ping', 5000);
    server.faults.stopAnsweringPings = true;
    await harness.waitFor(
      (e) => e.type === 'log' && e.line.message.startsWith('Failed to send keepalive (client to server ping):'),
      5000,
    );
    server.faults.stopAnsweringPings = false;
    await server.waitForDisconnect(first, 5000);
    await server.waitForClient((c) => c !== first, 5000);
    await harness.waitForProgress('ping', 5000);
  });

  it('detects a black-holed link by keep-alive timeout and recovers when the route comes back', async () => {
    proxy = await startTcpProxy({ targetPort: server.port });
    harness = new EngineHarness({ timings: { dialTimeoutMs: 800 } });
    harness.start(
      testConfig({
        server: `127.0.0.1:${proxy.port}`,
        dataDir: data.dir,
        auth: 'client1:Pw-Very-Secret-9',
        tweak: (c) => {
          c.connection.keep_alive = ms(100);
          c.connection.keep_alive_timeout = ms(400);
        },
      }),
    );
    const first = await server.waitForClient();
    await harness.waitForProgress('ping', 5000);
    proxy.mode = 'blackHole';
    await harness.waitFor((e) => e.type === 'log' && e.line.message.startsWith('Failed to send keepalive'), 5000);
    // Dials into the black hole time out and are retried with back-off.
    await harness.waitFor((e) => e.type === 'log' && /^connection error: timeout after/.test(e.line.message), 5000);
    await harness.waitForProgress('retry', 5000, true);
    proxy.mode = 'forward';
    proxy.dropAll();
    await server.waitForClient((c) => c !== first, 10_000);
    await harness.waitForProgress('connected', 10_000);
  });
});
