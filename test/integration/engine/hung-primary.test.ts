// A primary that accepts TCP but never answers (docs/protocol.md §6.4): the engine must not wait out the
// 30 s dial timeout before trying the fallback. A dial with no progress for a few seconds gets the next
// server's dial started beside it, so failover takes about keep_alive_timeout + the stagger. Meanwhile
// state.json must not go on saying `connected` for a connection the engine knows is dead, and a dial that
// times out says how far it got (TCP connected, the WebSocket upgrade unanswered), not "during tcp".
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { startTcpProxy, type TcpProxy } from '../../support/net';
import { startTestRportd, type TestRportd } from '../../support/rportd';
import { EngineHarness, tempDir, testConfig } from '../../support/engine/engine-harness';
import type { EngineEvent } from '../../../main/shared/types/engine-types';

const ms = (n: number): number => n * 1e6;

const connectedTo =
  (index: number) =>
  (e: EngineEvent): boolean =>
    e.type === 'progress' && e.kind === 'connected' && e.status.server?.index === index;

describe('engine: a hung primary', () => {
  let primary: TestRportd;
  let fallback: TestRportd;
  let front: TcpProxy;
  let harness: EngineHarness | null;
  let data: ReturnType<typeof tempDir>;

  beforeEach(async () => {
    primary = await startTestRportd({ clientLoginWaitMs: 0, keySeed: 'primary' });
    fallback = await startTestRportd({ clientLoginWaitMs: 0, keySeed: 'fallback' });
    front = await startTcpProxy({ targetPort: primary.port });
    harness = null;
    data = tempDir('rport-hung-primary-');
  });

  afterEach(async () => {
    await harness?.stop();
    await front.close();
    await primary.stop();
    await fallback.stop();
    data.remove();
  });

  it('fails over within keep_alive_timeout + 5 s with the 30 s dial timeout, and state.json says reconnecting meanwhile', async () => {
    // The product's dial timeout and stagger; only the back-off is short.
    harness = new EngineHarness({
      timings: { dialTimeoutMs: 30_000, dialStaggerMs: 3_000, minConnectionLifetimeMs: 0 },
    });
    const keepAliveTimeoutMs = 2_000;
    harness.start(
      testConfig({
        server: `127.0.0.1:${front.port}`,
        dataDir: data.dir,
        tweak: (c) => {
          c.client.fallback_servers = [`127.0.0.1:${fallback.port}`];
          c.client.server_switchback_interval = ms(600_000);
          c.connection.keep_alive = ms(1_000);
          c.connection.keep_alive_timeout = ms(keepAliveTimeoutMs);
          c.connection.watchdog_integration = true;
        },
      }),
    );
    await harness.waitFor(connectedTo(0), 10_000);
    await harness.waitForProgress('ping', 5_000);
    // The primary hangs: its existing connection and every new one are accepted and never answered.
    front.setMode('blackHole');
    const hungAt = Date.now();
    const stateFile = path.join(data.dir, 'state.json');
    let sawReconnecting = false;
    const poll = setInterval(() => {
      try {
        if (JSON.parse(readFileSync(stateFile, 'utf8')).last_state === 'reconnecting') sawReconnecting = true;
      } catch {
        // being replaced
      }
    }, 20);
    try {
      await harness.waitFor(connectedTo(1), 20_000);
    } finally {
      clearInterval(poll);
    }
    const failoverMs = Date.now() - hungAt;
    // The ping in flight when the primary hung may have been sent up to keep_alive (1 s) earlier.
    expect(failoverMs).toBeLessThanOrEqual(1_000 + keepAliveTimeoutMs + 5_000);
    expect(sawReconnecting).toBe(true);
    expect(harness.logs()).toContain(
      `No progress from ws://127.0.0.1:${front.port} for 3 s: also trying ws://127.0.0.1:${fallback.port}`,
    );
    expect(fallback.violations).toEqual([]);
  }, 40_000);

  it('starts on the fallback within seconds when the primary is hung from the start', async () => {
    front.setMode('blackHole');
    harness = new EngineHarness({ timings: { dialTimeoutMs: 30_000, dialStaggerMs: 3_000 } });
    const startedAt = Date.now();
    harness.start(
      testConfig({
        server: `127.0.0.1:${front.port}`,
        dataDir: data.dir,
        tweak: (c) => (c.client.fallback_servers = [`127.0.0.1:${fallback.port}`]),
      }),
    );
    await harness.waitFor(connectedTo(1), 20_000);
    expect(Date.now() - startedAt).toBeLessThan(10_000);
    // One attempt, no back-off: the hung primary's dial was abandoned, not waited out.
    expect(harness.events.filter((e) => e.type === 'progress' && e.kind === 'retry')).toHaveLength(0);
  }, 30_000);
});

describe('engine: a dial timeout names the step that went unanswered', () => {
  let harness: EngineHarness | null = null;
  let server: Server | WebSocketServer | null = null;
  const held = new Set<Socket>();
  let data: ReturnType<typeof tempDir>;

  beforeEach(() => {
    data = tempDir('rport-dial-phase-');
  });

  afterEach(async () => {
    await harness?.stop();
    harness = null;
    for (const s of held) s.destroy();
    held.clear();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = null;
    data.remove();
  });

  async function firstError(port: number): Promise<string> {
    harness = new EngineHarness({ timings: { dialTimeoutMs: 1_500 } });
    harness.start(testConfig({ server: `127.0.0.1:${port}`, dataDir: data.dir }));
    const retry = await harness.waitForProgress('retry', 10_000);
    return retry.type === 'progress' ? (retry.status.lastError ?? '') : '';
  }

  it('TCP connected but the WebSocket upgrade unanswered: "during websocket", not "during tcp"', async () => {
    const silent = createServer((socket) => {
      held.add(socket);
      socket.on('close', () => held.delete(socket));
    });
    server = silent;
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as { port: number }).port;
    expect(await firstError(port)).toBe(
      `timeout after 2s during websocket: TCP connected to 127.0.0.1:${port}; no answer to the WebSocket upgrade`,
    );
  });

  it('the WebSocket upgraded but no SSH: "during ssh"', async () => {
    // Like rportd, no subprotocol in the 101 reply (§1.3).
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => false });
    server = wss;
    await new Promise<void>((r) => wss.once('listening', () => r()));
    const port = (wss.address() as { port: number }).port;
    expect(await firstError(port)).toMatch(
      /^ssh: handshake failed: Timed out while waiting for handshake|^timeout after 2s during ssh: WebSocket open; no answer in the SSH handshake$/,
    );
  });
});
