// The connection loop's decisions pinned exactly (issue 20, main/engine/engine.ts): each back-off wait
// and the status and state.json it comes with, max_retry_count at its limit, the order servers are
// tried in (and a preferred one), a short-lived connection at minConnectionLifetimeMs and one step
// either side, the switchback schedule, and the arguments the keep-alive ping and new_connection are
// sent with. Date is frozen where a timestamp is compared (timers stay real), so `at + interval` and
// a connection's lifetime are exact numbers, not ranges.
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RportSession } from '../../../main/engine/rport-session';
import { StateFileWriter } from '../../../main/engine/state-file';
import type { EngineEvent, EngineStatus } from '../../../main/shared/types/engine-types';
import { freePort } from '../../support/net';
import { startTestRportd, type TestRportd } from '../../support/rportd';
import { EngineHarness, tempDir, testConfig as harnessConfig } from '../../support/engine/engine-harness';

const ms = (n: number): number => n * 1e6;
/** The harness's config with state.json on (watchdog_integration), so its writes can be followed. */
const testConfig = (input: Parameters<typeof harnessConfig>[0]): ReturnType<typeof harnessConfig> =>
  harnessConfig({
    ...input,
    tweak: (c) => {
      c.connection.watchdog_integration = true;
      input.tweak?.(c);
    },
  });
const NOW = Date.UTC(2026, 0, 2, 3, 4, 5, 600);

type Progress = Extract<EngineEvent, { type: 'progress' }>;

/** A server that accepts TCP and never answers: a dial to it hangs until it is aborted. */
async function hungServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const srv = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return {
    port: (srv.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        srv.close(() => resolve());
      }),
  };
}

/** Go's duration text (`763.971µs`, `1.2ms`, `2s`) in ms. */
function goDurationMs(text: string): number {
  const m = /^([\d.]+)(ns|µs|ms|s)$/.exec(text);
  if (!m) throw new Error(`not a Go duration: ${text}`);
  const unit = { ns: 1e-6, µs: 1e-3, ms: 1, s: 1000 }[m[2] as 'ns' | 'µs' | 'ms' | 's'];
  return Number(m[1]) * unit;
}
const progress = (events: EngineEvent[], kind?: string): Progress[] =>
  events.filter((e): e is Progress => e.type === 'progress' && (kind === undefined || e.kind === kind));

describe('engine: connection loop, exact', () => {
  let server: TestRportd;
  let others: TestRportd[];
  let harness: EngineHarness | null;
  let data: ReturnType<typeof tempDir>;
  let writes: Array<[string, string]>;

  beforeEach(async () => {
    server = await startTestRportd({ clientLoginWaitMs: 0, maxFailedLogin: 0 });
    others = [];
    harness = null;
    data = tempDir();
    writes = [];
    const original = StateFileWriter.prototype.write;
    vi.spyOn(StateFileWriter.prototype, 'write').mockImplementation(function (this: StateFileWriter, state, message) {
      writes.push([state, message]);
      return original.call(this, state, message);
    });
  });

  afterEach(async () => {
    await harness?.stop();
    vi.useRealTimers();
    vi.restoreAllMocks();
    for (const other of others) await other.stop();
    await server.stop();
    data.remove();
  });

  const freezeDate = (): void => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
  };

  it('waits min·2ⁿ capped at max_retry_interval (random 1), announcing each wait in status and state.json, and starts over after a connect', async () => {
    server.faults.refuseAuth = true;
    // max_retry_interval 1 s: the smallest that Go's fix-up (under 1 s → 5 min) keeps.
    harness = new EngineHarness({ timings: { backoffMinMs: 130 }, random: () => 1 });
    harness.start(
      testConfig({
        server: server.url,
        dataDir: data.dir,
        tweak: (c) => (c.connection.max_retry_interval = ms(1000)),
      }),
    );
    const retries: Progress[] = [];
    for (let i = 0; i < 5; i++) retries.push((await harness.waitForProgress('retry', 10_000)) as Progress);
    expect(retries.map((e) => e.status.retryInMs)).toEqual([130, 260, 520, 1000, 1000]);
    expect(retries.map((e) => e.status.attempt)).toEqual([1, 2, 3, 4, 5]);
    expect(retries.map((e) => e.status.message)).toEqual([
      'Retrying in 130ms...',
      'Retrying in 260ms...',
      'Retrying in 520ms...',
      'Retrying in 1s...',
      'Retrying in 1s...',
    ]);
    for (const e of retries)
      expect(e.status).toMatchObject({
        state: 'reconnecting',
        server: null,
        connectedSince: null,
        lastError: 'Authentication failed',
      });
    expect(writes.slice(0, 6)).toEqual([
      ['initialized', ''],
      ['reconnecting', 'Retrying in 130ms...'],
      ['reconnecting', 'Retrying in 260ms...'],
      ['reconnecting', 'Retrying in 520ms...'],
      ['reconnecting', 'Retrying in 1s...'],
      ['reconnecting', 'Retrying in 1s...'],
    ]);
    // The orphaned-session hint belongs to "already connected" only.
    expect(harness.logs().filter((l) => l.startsWith('Server will clean up'))).toEqual([]);
    const errors = harness.logs().filter((l) => l.startsWith('connection error: '));
    expect(errors.slice(0, 3)).toEqual([
      'connection error: Authentication failed',
      'connection error: Authentication failed (attempt: 1 of infinite)',
      'connection error: Authentication failed (attempt: 2 of infinite)',
    ]);
    // Each dial after a wait starts no sooner than the wait, and no longer announces it.
    const events = harness.events;
    for (const retry of retries.slice(0, 4)) {
      const next = events
        .slice(events.indexOf(retry) + 1)
        .find((e): e is Progress => e.type === 'progress' && e.kind === 'dialing');
      expect(next?.status.retryInMs).toBeNull();
      expect(next!.at - retry.at).toBeGreaterThanOrEqual((retry.status.retryInMs ?? 0) - 2);
    }

    server.faults.refuseAuth = false;
    const connected = (await harness.waitForProgress('connected', 10_000)) as Progress;
    expect(connected.status).toMatchObject({ state: 'connected', attempt: 0, lastError: null, retryInMs: null });
    expect(writes.at(-1)).toEqual(['connected', connected.status.message]);
    // A connect resets the back-off: the next failure waits the minimum again.
    server.faults.refuseAuth = true;
    server.dropAll();
    const again = (await harness.waitForProgress('retry', 10_000)) as Progress;
    expect(again.status).toMatchObject({ retryInMs: 130, attempt: 1, message: 'Retrying in 130ms...' });
  });

  it('max_retry_count = 1 dials twice and stops for good: later pause and switchServer do nothing', async () => {
    const port = await freePort();
    harness = new EngineHarness({ timings: { backoffMinMs: 30 }, random: () => 0 });
    harness.start(
      testConfig({
        server: `127.0.0.1:${port}`,
        dataDir: data.dir,
        tweak: (c) => (c.connection.max_retry_count = 1),
      }),
    );
    const stopped = (await harness.waitForState('stopped', 10_000)) as Progress;
    expect(stopped.status).toMatchObject({
      state: 'stopped',
      message: 'max retries exceeded',
      server: null,
      retryInMs: null,
      attempt: 1,
    });
    // The loop is over: a refused dial would take a millisecond, and none comes.
    await new Promise((r) => setTimeout(r, 300));
    expect(progress(harness.events, 'dialing')).toHaveLength(2);
    expect(progress(harness.events, 'retry')).toHaveLength(1);
    const errors = harness.logs().filter((l) => l.startsWith('connection error: '));
    expect(errors).toHaveLength(3);
    expect(errors[1]).toMatch(/ \(attempt: 1 of 1\)$/);
    expect(errors[2]).toBe('connection error: max retries exceeded');
    expect(writes).toEqual([
      ['initialized', ''],
      ['reconnecting', 'Retrying in 30ms...'],
    ]);
    // The run is over: nothing is left to pause or to switch.
    const count = harness.events.length;
    harness.engine.pause();
    harness.engine.switchServer(0);
    expect(harness.engine.status().state).toBe('stopped');
    expect(harness.events).toHaveLength(count);
  });

  it('a single server that refuses logs no "Could not connect" line (that is for failover only)', async () => {
    const port = await freePort();
    harness = new EngineHarness({ timings: { backoffMinMs: 5_000 } });
    harness.start(testConfig({ server: `127.0.0.1:${port}`, dataDir: data.dir }));
    await harness.waitForProgress('retry', 10_000);
    expect(harness.logs().filter((l) => l.startsWith('Could not connect to '))).toEqual([]);
  });

  it('tries the primary then each fallback in order; a server chosen during the wait goes first, once', async () => {
    const [p, f1, f2] = [await freePort(), await freePort(), await freePort()];
    harness = new EngineHarness({ timings: { backoffMinMs: 300 }, random: () => 0 });
    harness.start(
      testConfig({
        server: `127.0.0.1:${p}`,
        dataDir: data.dir,
        tweak: (c) => (c.client.fallback_servers = [`127.0.0.1:${f1}`, `127.0.0.1:${f2}`]),
      }),
    );
    const tried = (): string[] =>
      harness!.logs().flatMap((l) => {
        const m = /^Could not connect to ws:\/\/127\.0\.0\.1:(\d+)/.exec(l);
        return m ? [m[1] as string] : [];
      });
    await harness.waitForProgress('retry', 10_000);
    expect(tried()).toEqual([p, f1, f2].map(String));
    harness.engine.switchServer(2);
    await harness.waitForProgress('retry', 10_000);
    expect(tried().slice(3)).toEqual([f2, p, f1].map(String));
    await harness.waitForProgress('retry', 10_000);
    expect(tried().slice(6)).toEqual([p, f1, f2].map(String));
    // Each next server was started because the one before failed, not for lack of progress.
    expect(harness.logs().filter((l) => l.startsWith('No progress from'))).toEqual([]);
    expect(harness.engine.status().servers.map((s) => [s.index, s.role, s.lastResult, s.lastFailure])).toEqual([
      [0, 'primary', 'error', 'other'],
      [1, 'fallback', 'error', 'other'],
      [2, 'fallback', 'error', 'other'],
    ]);
  });

  it('a fallback chosen during the wait is connected to and kept (pinned): no switchback probe', async () => {
    const [p, f1] = [await freePort(), await freePort()];
    harness = new EngineHarness({ timings: { backoffMinMs: 60_000 } });
    harness.start(
      testConfig({
        server: `127.0.0.1:${p}`,
        dataDir: data.dir,
        tweak: (c) => {
          c.client.fallback_servers = [`127.0.0.1:${f1}`];
          c.client.server_switchback_interval = ms(100);
          c.connection.keep_alive = ms(100);
        },
      }),
    );
    await harness.waitForProgress('retry', 10_000);
    others.push(await startTestRportd({ clientLoginWaitMs: 0, port: f1 }));
    harness.engine.switchServer(1);
    // Woken from the 60 s wait at once.
    const connected = (await harness.waitForProgress('connected', 10_000)) as Progress;
    expect(connected.status.server).toMatchObject({ index: 1, role: 'fallback' });
    // Pings go on; a probe would have come after 100 ms.
    for (let i = 0; i < 4; i++) await harness.waitForProgress('ping', 5000);
    expect(progress(harness.events, 'switchback-probe')).toEqual([]);
    expect(progress(harness.events, 'switchback-scheduled')).toHaveLength(1);
  });

  it('a server dial records exact results: auth refusal, then success with its latency', async () => {
    freezeDate();
    server.faults.refuseAuth = true;
    harness = new EngineHarness({ timings: { backoffMinMs: 50 } });
    harness.start(testConfig({ server: server.url, dataDir: data.dir }));
    await harness.waitForProgress('retry', 10_000);
    expect(harness.engine.status().servers).toEqual([
      {
        index: 0,
        url: server.url,
        role: 'primary',
        lastResult: 'error',
        lastError: 'Authentication failed',
        lastFailure: 'auth',
        lastTriedAt: NOW,
        lastLatencyMs: null,
      },
    ]);
    vi.setSystemTime(NOW + 1234);
    server.faults.refuseAuth = false;
    await harness.waitForProgress('connected', 10_000);
    const [entry] = harness.engine.status().servers;
    expect(entry).toMatchObject({
      lastResult: 'ok',
      lastError: null,
      lastFailure: null,
      lastTriedAt: NOW + 1234,
    });
    expect(typeof entry?.lastDialMs).toBe('number');
    expect(entry?.lastLatencyMs).toBe(entry?.lastDialMs);
  });

  describe('stop while the loop waits', () => {
    let hung: Awaited<ReturnType<typeof hungServer>> | null = null;
    afterEach(async () => {
      await hung?.close();
      hung = null;
    });

    it('during a dial that hangs: no connection error, no retry, the run just ends', async () => {
      hung = await hungServer();
      harness = new EngineHarness({ timings: { backoffMinMs: 50, dialTimeoutMs: 30_000 } });
      harness.start(testConfig({ server: `127.0.0.1:${hung.port}`, dataDir: data.dir }));
      await harness.waitForProgress('dialing', 10_000);
      await harness.stop();
      expect(harness.logs().filter((l) => l.startsWith('connection error'))).toEqual([]);
      expect(progress(harness.events, 'retry')).toEqual([]);
      expect(harness.engine.status().state).toBe('stopped');
    });

    it('during a back-off of a minute: stop ends the wait', async () => {
      const port = await freePort();
      harness = new EngineHarness({ timings: { backoffMinMs: 60_000 } });
      harness.start(testConfig({ server: `127.0.0.1:${port}`, dataDir: data.dir }));
      await harness.waitForProgress('retry', 10_000);
      const outcome = await Promise.race([
        harness.stop().then(() => 'stopped'),
        new Promise((r) => setTimeout(() => r('still waiting'), 10_000)),
      ]);
      expect(outcome).toBe('stopped');
      expect(progress(harness.events, 'dialing')).toHaveLength(1);
    });

    it('during a switchback probe that hangs: the aborted probe is not reported as a failure', async () => {
      hung = await hungServer();
      harness = new EngineHarness({ timings: { dialTimeoutMs: 30_000, dialStaggerMs: 100 } });
      harness.start(
        testConfig({
          server: `127.0.0.1:${hung.port}`,
          dataDir: data.dir,
          tweak: (c) => {
            c.client.fallback_servers = [server.url.replace('ws://', '')];
            c.client.server_switchback_interval = ms(100);
          },
        }),
      );
      await harness.waitForProgress('switchback-probe', 10_000);
      await harness.stop();
      expect(harness.logs().filter((l) => l.startsWith('Switchback failed'))).toEqual([]);
    });
  });

  it('a server key that does not match the pinned fingerprint is recorded as a fingerprint failure', async () => {
    harness = new EngineHarness({ timings: { backoffMinMs: 5_000 } });
    harness.start(
      testConfig({ server: server.url, dataDir: data.dir, tweak: (c) => (c.client.fingerprint = '00:11:22') }),
    );
    await harness.waitForProgress('retry', 10_000);
    expect(harness.engine.status().servers[0]).toMatchObject({ lastResult: 'error', lastFailure: 'fingerprint' });
  });

  it('a session feature that fails to start or stop is logged by name and does not break the connection', async () => {
    harness = new EngineHarness({
      features: {
        requestHandlers: {},
        sessionFeatures: [
          {
            name: 'broken',
            start: () => {
              throw new Error('cannot start');
            },
          },
          {
            name: 'sticky',
            start: () => ({
              stop: () => {
                throw new Error('cannot stop');
              },
            }),
          },
        ],
      },
    });
    harness.start(testConfig({ server: server.url, dataDir: data.dir }));
    const first = await server.waitForClient();
    await harness.waitForProgress('connected', 10_000);
    expect(harness.logs()).toContain('feature broken failed to start: cannot start');
    server.dropAll();
    await server.waitForDisconnect(first, 5000);
    await harness.waitForProgress('connected', 10_000);
    expect(harness.logs()).toContain('feature stop failed: cannot stop');
  });

  describe('a connection that ends on its own, at minConnectionLifetimeMs and one step either side', () => {
    const endAfter = async (lifetimeMs: number, livedMs: number): Promise<EngineStatus> => {
      freezeDate();
      harness = new EngineHarness({ timings: { backoffMinMs: 5_000, minConnectionLifetimeMs: lifetimeMs } });
      harness.start(testConfig({ server: server.url, dataDir: data.dir }));
      const first = await server.waitForClient();
      await harness.waitForProgress('connected', 10_000);
      vi.setSystemTime(NOW + livedMs);
      server.dropAll();
      await server.waitForDisconnect(first, 5000);
      const next = (await harness.waitFor(
        (e) => e.type === 'progress' && (e.kind === 'retry' || e.kind === 'dialing'),
        10_000,
      )) as Progress;
      return next.status;
    };

    it('lived one ms less: a failure, backed off', async () => {
      const status = await endAfter(5, 4);
      expect(status).toMatchObject({ state: 'reconnecting', retryInMs: 5000, attempt: 1 });
      expect(harness!.logs()).toContain('connection error: connection closed 4ms after it was established');
      expect(writes.at(-1)).toEqual(['reconnecting', 'Retrying in 5s...']);
    });

    it('lived exactly the limit: a clean end, reconnect at once (status and state.json say so)', async () => {
      const status = await endAfter(5, 5);
      expect(status).toMatchObject({
        state: 'reconnecting',
        message: 'Disconnected',
        retryInMs: 0,
        server: null,
        connectedSince: null,
        switchbackAt: null,
      });
      expect(progress(harness!.events, 'retry')).toEqual([]);
      expect(writes.slice(-2)).toEqual([
        ['connected', expect.stringMatching(/^Connected to 127\.0\.0\.1:\d+ within /)],
        ['reconnecting', 'Retrying in 0s...'],
      ]);
      await harness!.waitForProgress('connected', 10_000);
    });

    it('lived one ms more: a clean end too', async () => {
      const status = await endAfter(5, 6);
      expect(status).toMatchObject({ state: 'reconnecting', message: 'Disconnected', retryInMs: 0 });
      expect(progress(harness!.events, 'retry')).toEqual([]);
    });
  });

  describe('switchback from a fallback', () => {
    let primaryPort: number;
    const fallbackConfig = (switchbackMs: number, keepAliveMs = 60_000) =>
      testConfig({
        server: `127.0.0.1:${primaryPort}`,
        dataDir: data.dir,
        tweak: (c) => {
          c.client.fallback_servers = [server.url.replace('ws://', '')];
          c.client.server_switchback_interval = ms(switchbackMs);
          c.connection.keep_alive = ms(keepAliveMs);
        },
      });

    beforeEach(async () => {
      primaryPort = await freePort();
    });

    it('is scheduled exactly server_switchback_interval after the connect, and again after a failed probe', async () => {
      freezeDate();
      harness = new EngineHarness();
      harness.start(fallbackConfig(250));
      const scheduled = (await harness.waitForProgress('switchback-scheduled', 10_000)) as Progress;
      expect(scheduled.status.switchbackAt).toBe(NOW + 250);
      expect(scheduled.status.server).toMatchObject({ index: 1, role: 'fallback' });
      vi.setSystemTime(NOW + 1000);
      const probe = (await harness.waitForProgress('switchback-probe', 10_000)) as Progress;
      expect(probe.status.switchbackAt).toBeNull();
      const again = (await harness.waitForProgress('switchback-scheduled', 10_000)) as Progress;
      expect(again.status.switchbackAt).toBe(NOW + 1000 + 250);
      expect(harness.logs().filter((l) => l.startsWith('Switchback failed: '))).toHaveLength(1);
      expect(harness.engine.status().server).toMatchObject({ index: 1 });
    });

    it('server_switchback_interval = 0 turns it off: nothing is scheduled or probed', async () => {
      harness = new EngineHarness();
      harness.start(fallbackConfig(0, 50));
      await harness.waitForProgress('connected', 10_000);
      for (let i = 0; i < 4; i++) await harness.waitForProgress('ping', 5000);
      expect(progress(harness.events, 'switchback-scheduled')).toEqual([]);
      expect(progress(harness.events, 'switchback-probe')).toEqual([]);
      expect(harness.engine.status().switchbackAt).toBeNull();
    });

    it('is not scheduled on the primary', async () => {
      harness = new EngineHarness();
      harness.start(
        testConfig({
          server: server.url,
          dataDir: data.dir,
          tweak: (c) => {
            c.client.server_switchback_interval = ms(50);
            c.connection.keep_alive = ms(50);
          },
        }),
      );
      await harness.waitForProgress('connected', 10_000);
      for (let i = 0; i < 4; i++) await harness.waitForProgress('ping', 5000);
      expect(progress(harness.events, 'switchback-scheduled')).toEqual([]);
      expect(harness.engine.status().switchbackAt).toBeNull();
    });
  });

  it('connected: status, state.json and the log say where and since when, tunnels are logged as Go does; a drop clears them', async () => {
    freezeDate();
    const udpPort = await freePort();
    harness = new EngineHarness({ timings: { backoffMinMs: 5_000 } });
    harness.start(
      testConfig({
        server: server.url,
        dataDir: data.dir,
        tweak: (c) => (c.client.remotes = [`127.0.0.1:${udpPort}:127.0.0.1:53/udp`]),
      }),
    );
    const first = await server.waitForClient();
    const connected = (await harness.waitForProgress('connected', 10_000)) as Progress;
    const message = connected.status.message;
    expect(message).toMatch(/^Connected to 127\.0\.0\.1:\d+ within \d/);
    expect(connected.status).toMatchObject({
      state: 'connected',
      server: { index: 0, url: server.url, role: 'primary' },
      connectedSince: NOW,
      retryInMs: null,
      attempt: 0,
      lastError: null,
      switchbackAt: null,
    });
    expect(connected.status.identity).toMatchObject({
      clientId: expect.stringMatching(/^test-client-/),
      name: 'engine-test',
    });
    expect(writes).toEqual([
      ['initialized', ''],
      ['connected', message],
    ]);
    const logs = harness.logs();
    const sent = logs.indexOf('Sending connection request.');
    expect(sent).toBeGreaterThanOrEqual(0);
    expect(logs.slice(sent + 1, sent + 4)).toEqual([
      message,
      `New tunnel: 127.0.0.1:${udpPort}:127.0.0.1:53/udp`,
      `Local port 127.0.0.1:53 has become available on 127.0.0.1:${udpPort}`,
    ]);
    server.dropAll();
    await server.waitForDisconnect(first, 5000);
    const dialing = (await harness.waitForProgress('dialing', 10_000)) as Progress;
    expect(dialing.status).toMatchObject({ server: null, connectedSince: null, switchbackAt: null });
    expect(harness.logs()).toContain('Disconnected');
  });

  it('a refused new_connection fails the attempt with the server’s text and never counts as connected', async () => {
    server.faults.newConnectionFailure = 'unable to start tunnel: port 2222 is busy';
    harness = new EngineHarness({ timings: { backoffMinMs: 5_000 } });
    harness.start(testConfig({ server: server.url, dataDir: data.dir }));
    const retry = (await harness.waitForProgress('retry', 10_000)) as Progress;
    expect(retry.status).toMatchObject({ lastError: 'unable to start tunnel: port 2222 is busy', attempt: 1 });
    expect(progress(harness.events, 'connected')).toEqual([]);
    expect(harness.logs()).not.toContain('Disconnected');
    expect(
      harness.events.some(
        (e) =>
          e.type === 'log' &&
          e.line.level === 'warn' &&
          e.line.message ===
            'rportd could not start a tunnel (unable to start tunnel: port 2222 is busy); a resume that fails this way makes rportd forget the tunnels it kept for this client, so tunnels created on the server may have to be created again',
      ),
    ).toBe(true);
    expect(writes).toEqual([
      ['initialized', ''],
      ['reconnecting', 'Retrying in 5s...'],
    ]);
  });

  describe('requests and keep-alive', () => {
    it('sends new_connection with newConnectionReplyTimeoutMs and each ping with keep_alive_timeout, not keep_alive', async () => {
      const request = vi.spyOn(RportSession.prototype, 'request');
      harness = new EngineHarness({ timings: { newConnectionReplyTimeoutMs: 1_357 } });
      harness.start(
        testConfig({
          server: server.url,
          dataDir: data.dir,
          tweak: (c) => {
            c.connection.keep_alive = ms(80);
            c.connection.keep_alive_timeout = ms(1_234);
          },
        }),
      );
      await harness.waitForProgress('ping', 10_000);
      const ping = (await harness.waitForProgress('ping', 10_000)) as Progress;
      const calls = request.mock.calls.map(([name, payload, timeout]) => [name, payload === null, timeout]);
      expect(calls[0]).toEqual(['new_connection', false, 1_357]);
      expect(calls.slice(1, 3)).toEqual([
        ['ping', true, 1_234],
        ['ping', true, 1_234],
      ]);
      // What a ping's success records: the same round trip everywhere, and state.json's message.
      const rtt = ping.status.lastPingMs;
      const within = /^ping to 127\.0\.0\.1:\d+ succeeded within (\S+)$/.exec(ping.status.message)?.[1] ?? '';
      expect(rtt).toBeCloseTo(goDurationMs(within), 6);
      expect(ping.status.servers[0]).toMatchObject({ lastPingMs: rtt, lastLatencyMs: rtt });
      expect(writes).toContainEqual(['connected', ping.status.message]);
    });

    it('a ping unanswered for keep_alive_timeout closes the connection with Go’s text and reconnects', async () => {
      harness = new EngineHarness();
      harness.start(
        testConfig({
          server: server.url,
          dataDir: data.dir,
          tweak: (c) => {
            c.connection.keep_alive = ms(60);
            c.connection.keep_alive_timeout = ms(200);
          },
        }),
      );
      const first = await server.waitForClient();
      await harness.waitForProgress('ping', 10_000);
      server.faults.stopAnsweringPings = true;
      const failed = await harness.waitFor(
        (e) => e.type === 'log' && e.line.message.startsWith('Failed to send keepalive (client to server ping): '),
        5000,
      );
      expect(failed.type === 'log' && failed.line.level).toBe('error');
      server.faults.stopAnsweringPings = false;
      await server.waitForDisconnect(first, 5000);
      await server.waitForClient((c) => c !== first, 5000);
    });
  });
});
