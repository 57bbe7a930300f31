// The engine against the test rportd: handshake payload, upgrade headers, reply rules, keep-alive,
// state.json, pause/resume, and the stall fault.
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { APP_VERSION } from '../../../main/shared/app-version';
import { clientVersion } from '../../../main/engine/client-version';
import { RportSession } from '../../../main/engine/rport-session';
import { startTestRportd, type TestRportd } from '../../support/rportd';
import { EngineHarness, tempDir, testConfig } from '../../support/engine/engine-harness';

const ms = (n: number): number => n * 1e6;
const STATE_FILE =
  /^\{\n {2}"last_update": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)",\n {2}"last_update_ts": \d+,\n {2}"last_state": "(initialized|connected|reconnecting)",\n {2}"last_message": ".*"\n\}$/;

describe('engine: connect and handshake', () => {
  let server: TestRportd;
  let harness: EngineHarness | null;
  let data: ReturnType<typeof tempDir>;

  beforeEach(async () => {
    server = await startTestRportd({ clientLoginWaitMs: 0 });
    data = tempDir();
    harness = null;
  });

  afterEach(async () => {
    await harness?.stop();
    await server.stop();
    data.remove();
  });

  it('sends new_connection once with the full payload, a stable SessionID and blanked secrets', async () => {
    harness = new EngineHarness();
    const config = testConfig({
      server: server.url,
      dataDir: data.dir,
      tweak: (c) => {
        c.client.tags = ['win', 'tray'];
        c.client.labels = { city: 'Berlin' };
        c.client.remotes = ['22'];
      },
    });
    harness.start(config, { sessionId: 'session-fixed-1' });
    const client = await server.waitForClient();
    const connected = await harness.waitForState('connected');
    const req = client.connectionRequest as unknown as Record<string, unknown>;
    expect(req.ID).toBe(config.client.id);
    expect(req.Name).toBe('engine-test');
    expect(req.SessionID).toBe('session-fixed-1');
    expect(req.Version).toBe(clientVersion(APP_VERSION));
    expect(req.Tags).toEqual(['win', 'tray']);
    expect(req.Labels).toEqual({ city: 'Berlin' });
    expect((req.Remotes as Array<Record<string, unknown>>)[0]).toMatchObject({
      rhost: '127.0.0.1',
      rport: '22',
      protocol: 'tcp',
    });
    const cc = req.ClientConfiguration as { client: Record<string, unknown>; connection: Record<string, unknown> };
    expect(cc.client.auth).toBe('');
    expect(cc.client.auth_pass).toBe('');
    expect(cc.client.server).toBe(server.url);
    expect(JSON.stringify(req)).not.toContain('secret1');
    // Only one new_connection on this connection, and the test rportd saw nothing out of order.
    expect(server.violations).toEqual([]);
    expect(client.clientIdent).toBe('SSH-2.0-rport-v1-client');
    expect(connected.type === 'progress' && connected.status.message).toMatch(
      /^Connected to 127\.0\.0\.1:\d+ within \d/,
    );
    expect(connected.type === 'progress' && connected.status.server).toEqual({
      index: 0,
      url: server.url,
      role: 'primary',
    });
  });

  it('sends the upgrade headers: plain rport-v1 subprotocol header, User-Agent, canonical custom headers, Host', async () => {
    harness = new EngineHarness();
    harness.start(
      testConfig({
        server: server.url,
        dataDir: data.dir,
        tweak: (c) => {
          c.connection.headers = ['x-custom-header: one', 'X-CUSTOM-HEADER: two', 'sec-websocket-protocol: rport-v2'];
          c.connection.hostname = 'rport.example.test';
        },
      }),
    );
    const client = await server.waitForClient();
    expect(client.headers['sec-websocket-protocol']).toBe('rport-v1');
    expect(client.headers['user-agent']).toBe(`rport ${clientVersion(APP_VERSION)}`);
    expect(client.headers['x-custom-header']).toBe('two');
    expect(client.headers.host).toBe('rport.example.test');
    expect(client.headers.origin).toBeUndefined();
    expect(harness.logs()).toContain(
      '[connection] headers: Sec-Websocket-Protocol is ignored, the WebSocket handshake sets it',
    );
  });

  it('answers server requests by the reply rules: ping empty, unknown → "unknown request", put_capabilities unanswered', async () => {
    harness = new EngineHarness();
    harness.start(testConfig({ server: server.url, dataDir: data.dir }));
    const client = await server.waitForClient();
    await harness.waitForState('connected');
    const ping = await client.ping(2000);
    expect(ping).toEqual({ ok: true, payload: Buffer.alloc(0) });
    const unknown = await client.request('no_such_request', { a: 1 });
    expect(unknown.ok).toBe(false);
    expect(unknown.payload.toString()).toBe('unknown request');
    const refresh = await client.request('totally_unknown', null);
    expect(refresh.payload.toString()).toBe('unknown request');
    // A request sent without want_reply must not be answered (a stray reply would be a violation).
    await client.request('put_capabilities', { MonitoringVersion: 0 }, { wantReply: false });
    expect((await client.ping(2000)).ok).toBe(true);
    expect(server.violations).toEqual([]);
  });

  it('pings every keep_alive, records it in state.json, and stays within the protocol', async () => {
    harness = new EngineHarness();
    harness.start(
      testConfig({
        server: server.url,
        dataDir: data.dir,
        tweak: (c) => {
          c.connection.keep_alive = ms(150);
          c.connection.watchdog_integration = true;
        },
      }),
    );
    const client = await server.waitForClient();
    await harness.waitForProgress('ping', 5000);
    await harness.waitForProgress('ping', 5000);
    expect(client.lastHeartbeatAt).not.toBeNull();
    const stateFile = path.join(data.dir, 'state.json');
    await harness.waitForProgress('ping', 5000);
    const text = readFileSync(stateFile, 'utf8');
    expect(text).toMatch(STATE_FILE);
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['last_update', 'last_update_ts', 'last_state', 'last_message']);
    expect(parsed.last_state).toBe('connected');
    expect(parsed.last_message).toMatch(
      /^(ping to 127\.0\.0\.1:\d+ succeeded within \d+(\.\d+)?(µs|ms|s|ns)|Connected to 127\.0\.0\.1:\d+ within .+)$/,
    );
    expect(Math.abs((parsed.last_update_ts as number) - Date.now() / 1000)).toBeLessThan(10);
    expect(server.violations).toEqual([]);
  });

  it('pings every keep_alive (never sooner) with keep_alive_timeout as the timeout of each ping', async () => {
    // keep_alive_timeout shorter than keep_alive, so neither can stand in for the other unnoticed: a ping
    // waiting keep_alive would leave a dead link unnoticed for minutes with the defaults.
    const pings: Array<{ at: number; timeoutMs: number }> = [];
    const original = RportSession.prototype.request;
    const spy = vi.spyOn(RportSession.prototype, 'request').mockImplementation(function (
      this: RportSession,
      name,
      payload,
      timeoutMs,
    ) {
      if (name === 'ping' && timeoutMs !== 0) pings.push({ at: performance.now(), timeoutMs });
      return original.call(this, name, payload, timeoutMs);
    });
    try {
      harness = new EngineHarness();
      harness.start(
        testConfig({
          server: server.url,
          dataDir: data.dir,
          tweak: (c) => {
            c.connection.keep_alive = ms(600);
            c.connection.keep_alive_timeout = ms(450);
          },
        }),
      );
      await harness.waitForState('connected');
      const connectedAt = performance.now();
      for (let i = 0; i < 3; i++) await harness.waitForProgress('ping', 10_000);
      expect(pings.length).toBeGreaterThanOrEqual(3);
      expect(pings.map((p) => p.timeoutMs)).toEqual(pings.map(() => 450));
      // Timers never fire early (1 ms of rounding aside); a busy machine only makes the gaps longer.
      expect(pings[0]!.at - connectedAt).toBeGreaterThanOrEqual(599 - 50);
      for (let i = 1; i < pings.length; i++) expect(pings[i]!.at - pings[i - 1]!.at).toBeGreaterThanOrEqual(599);
    } finally {
      spy.mockRestore();
    }
  });

  it('writes state.json initialized → connected → reconnecting, and nothing without watchdog_integration', async () => {
    harness = new EngineHarness();
    const config = testConfig({
      server: server.url,
      dataDir: data.dir,
      tweak: (c) => (c.connection.watchdog_integration = true),
    });
    harness.start(config);
    await harness.waitForState('connected');
    const stateFile = path.join(data.dir, 'state.json');
    await new Promise((r) => setTimeout(r, 50));
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toMatchObject({
      last_state: 'connected',
      last_message: expect.stringMatching(/^Connected to 127\.0\.0\.1:\d+ within /),
    });
    server.faults.refuseAuth = true;
    server.dropAll();
    await harness.waitForProgress('retry', 5000);
    await new Promise((r) => setTimeout(r, 50));
    const text = readFileSync(stateFile, 'utf8');
    expect(text).toMatch(STATE_FILE);
    expect(JSON.parse(text)).toMatchObject({
      last_state: 'reconnecting',
      last_message: expect.stringMatching(/^Retrying in [\d.]+m?s\.\.\.$/),
    });
    await harness.stop();

    const other = tempDir();
    try {
      harness = new EngineHarness();
      server.faults.refuseAuth = false;
      harness.start(testConfig({ server: server.url, dataDir: other.dir }));
      await harness.waitForState('connected');
      expect(existsSync(path.join(other.dir, 'state.json'))).toBe(false);
    } finally {
      await harness.stop();
      other.remove();
    }
  });

  it('writes "initialized" with an empty message before the first connection', async () => {
    // A server that accepts TCP and never answers keeps the first dial pending, so the state written at
    // start is the one on disk while we look (no race with the first "Retrying in ..." write).
    const held: net.Socket[] = [];
    const silent = net.createServer((socket) => void held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    harness = new EngineHarness();
    try {
      harness.start(
        testConfig({
          server: `ws://127.0.0.1:${port}`,
          dataDir: data.dir,
          tweak: (c) => (c.connection.watchdog_integration = true),
        }),
      );
      const file = path.join(data.dir, 'state.json');
      const deadline = Date.now() + 5000;
      while (!existsSync(file) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      const first = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      expect(first.last_state).toBe('initialized');
      expect(first.last_message).toBe('');
      expect(Object.keys(first)).toEqual(['last_update', 'last_update_ts', 'last_state', 'last_message']);
    } finally {
      await harness.stop();
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('pause closes the connection and makes no progress; resume reconnects; stop is final', async () => {
    harness = new EngineHarness();
    harness.start(testConfig({ server: server.url, dataDir: data.dir }));
    const client = await server.waitForClient();
    harness.engine.pause();
    expect(harness.engine.status().state).toBe('paused');
    await server.waitForDisconnect(client, 5000);
    const countAfterPause = harness.events.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(harness.events.slice(countAfterPause).filter((e) => e.type === 'progress')).toEqual([]);
    harness.engine.resume();
    await harness.waitForProgress('resumed', 2000, true);
    const second = await server.waitForClient((c) => c !== client);
    await harness.waitForProgress('connected', 5000, true);
    await harness.stop();
    expect(harness.engine.status().state).toBe('stopped');
    await server.waitForDisconnect(second, 5000);
    expect(server.clients).toHaveLength(0);
  });

  it('injectFault("stall") is refused without RPORT_TRAY_TEST_FAULTS and silences the engine with it', async () => {
    harness = new EngineHarness();
    harness.start(
      testConfig({ server: server.url, dataDir: data.dir, tweak: (c) => (c.connection.keep_alive = ms(100)) }),
    );
    await harness.waitForProgress('ping', 5000);
    const previous = process.env.RPORT_TRAY_TEST_FAULTS;
    delete process.env.RPORT_TRAY_TEST_FAULTS;
    expect(() => harness?.engine.injectFault('stall')).toThrow(/test faults are disabled/);
    process.env.RPORT_TRAY_TEST_FAULTS = '1';
    try {
      harness.engine.injectFault('stall');
    } finally {
      if (previous === undefined) delete process.env.RPORT_TRAY_TEST_FAULTS;
      else process.env.RPORT_TRAY_TEST_FAULTS = previous;
    }
    const count = harness.events.length;
    server.dropAll();
    await new Promise((r) => setTimeout(r, 600));
    expect(harness.events.length).toBe(count);
    expect(server.clients).toHaveLength(0);
  });
});
