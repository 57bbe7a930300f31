// The engine's public API and its logging, pinned exactly (issue 20, main/engine/engine.ts): the log
// level filter at each level, a live log-level change, pause/resume/stop and the status each leaves,
// switchServer's refusals and pinning, and that status() and listeners cannot hurt the engine.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../main/shared/types/engine-types';
import { freePort } from '../../support/net';
import { startTestRportd, type TestRportd } from '../../support/rportd';
import { EngineHarness, tempDir, testConfig } from '../../support/engine/engine-harness';

const ms = (n: number): number => n * 1e6;

type Progress = Extract<EngineEvent, { type: 'progress' }>;
const levels = (events: EngineEvent[]): Set<string> =>
  new Set(events.flatMap((e) => (e.type === 'log' ? [e.line.level] : [])));

describe('engine: API and logging', () => {
  let server: TestRportd;
  let harness: EngineHarness | null;
  let data: ReturnType<typeof tempDir>;

  beforeEach(async () => {
    server = await startTestRportd({ clientLoginWaitMs: 0 });
    harness = null;
    data = tempDir();
  });

  afterEach(async () => {
    await harness?.stop();
    await server.stop();
    data.remove();
  });

  const config = (tweak?: Parameters<typeof testConfig>[0]['tweak']) =>
    testConfig({ server: server.url, dataDir: data.dir, tweak });

  describe('log_level', () => {
    const run = async (level: 'error' | 'info' | 'debug'): Promise<EngineHarness> => {
      server.faults.refuseAuth = true;
      const h = new EngineHarness({ timings: { backoffMinMs: 50 } });
      harness = h;
      h.start(
        config((c) => {
          c.logging.log_level = level;
          c.connection.keep_alive = ms(50);
        }),
      );
      await h.waitForProgress('retry', 10_000);
      server.faults.refuseAuth = false;
      await h.waitForProgress('connected', 10_000);
      await h.waitForProgress('ping', 10_000);
      return h;
    };

    it('error: only errors', async () => {
      const h = await run('error');
      expect(levels(h.events)).toEqual(new Set(['error']));
      expect(h.logs()).toContain('connection error: Authentication failed');
    });

    it('info: errors and info, no debug', async () => {
      const h = await run('info');
      expect(levels(h.events)).toEqual(new Set(['error', 'info']));
      expect(h.logs()).toContain('Sending connection request.');
    });

    it('debug: everything, the ping results too; a live change back to info stops them', async () => {
      const h = await run('debug');
      expect(levels(h.events)).toEqual(new Set(['error', 'info', 'debug']));
      const debug = h.events.flatMap((e) => (e.type === 'log' && e.line.level === 'debug' ? [e.line.message] : []));
      expect(debug.some((m) => /^ping to 127\.0\.0\.1:\d+ succeeded within /.test(m))).toBe(true);
      const next = config((c) => {
        c.logging.log_level = 'info';
        c.connection.keep_alive = ms(50);
      });
      next.client.id = h.engine.status().identity?.clientId ?? next.client.id;
      h.engine.updateConfig(next);
      const from = h.events.length;
      for (let i = 0; i < 3; i++) await h.waitForProgress('ping', 5000);
      expect(h.events.slice(from).filter((e) => e.type === 'log' && e.line.level === 'debug')).toEqual([]);
    });
  });

  it('pause: one announced step to paused with nothing left of the connection; a second pause and a resume while running do nothing', async () => {
    harness = new EngineHarness();
    harness.start(config());
    await harness.waitForProgress('connected', 10_000);
    harness.engine.resume();
    expect(harness.events.filter((e) => e.type === 'progress' && e.kind === 'resumed')).toEqual([]);
    harness.engine.pause();
    const paused = harness.events.filter((e): e is Progress => e.type === 'progress' && e.kind === 'paused');
    expect(paused).toHaveLength(1);
    expect(paused[0]?.status).toMatchObject({
      state: 'paused',
      message: 'Paused',
      server: null,
      connectedSince: null,
      retryInMs: null,
      switchbackAt: null,
    });
    expect(harness.logs()).toContain('Paused by the user');
    harness.engine.pause();
    expect(harness.events.filter((e) => e.type === 'progress' && e.kind === 'paused')).toHaveLength(1);
    harness.engine.resume();
    const resumed = (await harness.waitForProgress('resumed', 5000, true)) as Progress;
    expect(resumed.status.state).toBe('initialized');
    expect(harness.logs()).toContain('Resumed by the user');
    await harness.waitForProgress('connected', 10_000);
    await harness.stop();
    const stopped = harness.events.at(-1) as Progress;
    expect(stopped).toMatchObject({ type: 'progress', kind: 'stopped' });
    expect(stopped.status).toMatchObject({
      state: 'stopped',
      server: null,
      connectedSince: null,
      retryInMs: null,
      switchbackAt: null,
    });
  });

  it('switchServer: an unknown index is refused with a log line; the current fallback chosen again is pinned (no more probes)', async () => {
    const primaryPort = await freePort();
    harness = new EngineHarness();
    harness.start(
      testConfig({
        server: `127.0.0.1:${primaryPort}`,
        dataDir: data.dir,
        tweak: (c) => {
          c.client.fallback_servers = [server.url.replace('ws://', '')];
          c.client.server_switchback_interval = ms(100);
          c.connection.keep_alive = ms(50);
        },
      }),
    );
    await harness.waitForProgress('switchback-probe', 10_000);
    harness.engine.switchServer(2);
    expect(harness.logs()).toContain('switch server: there is no server 2');
    await harness.waitForProgress('switchback-scheduled', 10_000);
    harness.engine.switchServer(1);
    const from = harness.events.length;
    for (let i = 0; i < 6; i++) await harness.waitForProgress('ping', 5000);
    // A pinned server's idle rounds are neither probed nor announced.
    expect(
      harness.events
        .slice(from)
        .filter((e) => e.type === 'progress' && (e.kind === 'switchback-probe' || e.kind === 'switchback-scheduled')),
    ).toEqual([]);
    expect(harness.engine.status().server).toMatchObject({ index: 1 });
  });

  it('a run starts announced as initialized with no connection fields and untried servers', async () => {
    const primaryPort = await freePort();
    harness = new EngineHarness();
    harness.start(
      testConfig({
        server: `127.0.0.1:${primaryPort}`,
        dataDir: data.dir,
        tweak: (c) => (c.client.fallback_servers = [server.url.replace('ws://', '')]),
      }),
    );
    const started = (await harness.waitForProgress('started', 10_000, true)) as Progress;
    expect(started.status).toMatchObject({
      state: 'initialized',
      message: '',
      server: null,
      connectedSince: null,
      lastPingMs: null,
      retryInMs: null,
      attempt: 0,
      switchbackAt: null,
      lastError: null,
      remoteCommandsBlocked: false,
      dataDirProblem: null,
    });
    expect(started.status.servers).toEqual([
      {
        index: 0,
        url: `ws://127.0.0.1:${primaryPort}`,
        role: 'primary',
        lastResult: null,
        lastError: null,
        lastTriedAt: null,
        lastLatencyMs: null,
      },
      {
        index: 1,
        url: server.url,
        role: 'fallback',
        lastResult: null,
        lastError: null,
        lastTriedAt: null,
        lastLatencyMs: null,
      },
    ]);
    await harness.waitForProgress('connected', 10_000);
  });

  it('status() is a copy, a failing listener does not stop the others, and an unsubscribed one hears nothing', async () => {
    harness = new EngineHarness();
    const heard: string[] = [];
    harness.engine.on(() => {
      throw new Error('listener failure');
    });
    const off = harness.engine.on((e) => heard.push(e.type));
    harness.start(config());
    await harness.waitForProgress('connected', 10_000);
    expect(heard).toContain('progress');
    const copy = harness.engine.status();
    copy.state = 'paused';
    copy.servers.length = 0;
    expect(harness.engine.status().state).toBe('connected');
    expect(harness.engine.status().servers).toHaveLength(1);
    off();
    const count = heard.length;
    server.dropAll();
    await harness.waitForProgress('connected', 10_000);
    expect(heard).toHaveLength(count);
  });

  it('start takes remoteCommandsBlocked from its options, and keeps the current value when they leave it out', async () => {
    harness = new EngineHarness();
    harness.start(config(), { remoteCommandsBlocked: true });
    expect(harness.engine.status().remoteCommandsBlocked).toBe(true);
    harness.engine.setRemoteCommandsBlocked(false);
    expect(harness.engine.status().remoteCommandsBlocked).toBe(false);
    harness.engine.setRemoteCommandsBlocked(true);
    harness.start(config());
    expect(harness.engine.status().remoteCommandsBlocked).toBe(true);
    await harness.waitForProgress('connected', 10_000);
  });
});
