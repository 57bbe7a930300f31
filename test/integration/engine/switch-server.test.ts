// switchServer while connected, pinned exactly (issue 20, main/engine/engine.ts): what it logs and
// announces, a refused switch (logged with the server's own error, the connection kept), a switch whose
// connection ends first (no failure logged for the aborted dial), and a switch dial that completes only
// after its connection ended (the new transport is closed, nothing is handed over). The last one needs
// the dial's completion held back: the dial module is the real one, with a hold on one target's result.
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as DialModule from '../../../main/engine/dial';
import type { RportTransport } from '../../../main/engine/dial';
import type { EngineEvent } from '../../../main/shared/types/engine-types';
import { freePort } from '../../support/net';
import { startTestRportd, type TestRportd } from '../../support/rportd';
import { EngineHarness, tempDir, testConfig } from '../../support/engine/engine-harness';

/** The next dial to `port` completes only when `release` is called; the transport it made is kept. */
const hold = vi.hoisted(() => ({
  port: 0,
  release: null as (() => void) | null,
  transport: null as RportTransport | null,
}));

vi.mock('../../../main/engine/dial', async (importOriginal) => {
  const actual = await importOriginal<typeof DialModule>();
  return {
    ...actual,
    dialServer: async (request: Parameters<typeof actual.dialServer>[0]): Promise<RportTransport> => {
      const held = hold.port !== 0 && request.target.port === hold.port;
      if (held) hold.port = 0;
      const transport = await actual.dialServer(request);
      if (!held) return transport;
      hold.transport = transport;
      await new Promise<void>((resolve) => (hold.release = resolve));
      return transport;
    },
  };
});

const ms = (n: number): number => n * 1e6;
type Progress = Extract<EngineEvent, { type: 'progress' }>;

describe('engine: switchServer while connected', () => {
  let primary: TestRportd;
  let harness: EngineHarness;
  let data: ReturnType<typeof tempDir>;
  let extra: Array<{ stop(): Promise<void> }>;

  beforeEach(async () => {
    primary = await startTestRportd({ clientLoginWaitMs: 0 });
    data = tempDir();
    extra = [];
    hold.port = 0;
    hold.release = null;
    hold.transport = null;
    harness = new EngineHarness();
  });

  afterEach(async () => {
    hold.release?.();
    await harness.stop();
    for (const e of extra) await e.stop();
    await primary.stop();
    data.remove();
  });

  const start = (fallback: string): void =>
    harness.start(
      testConfig({
        server: primary.url,
        dataDir: data.dir,
        tweak: (c) => {
          c.client.fallback_servers = [fallback];
          c.client.server_switchback_interval = ms(100);
          c.connection.keep_alive = ms(50);
        },
      }),
    );

  it('logs "Switching to <url> on request", announces the dial, and stays on the chosen fallback (pinned)', async () => {
    const fallback = await startTestRportd({ clientLoginWaitMs: 0 });
    extra.push(fallback);
    start(fallback.url.replace('ws://', ''));
    const first = await primary.waitForClient();
    await harness.waitForProgress('connected', 10_000);
    const from = harness.events.length;
    harness.engine.switchServer(1);
    expect(harness.events.slice(from, from + 2)).toEqual([
      {
        type: 'log',
        line: {
          at: expect.any(Number) as number,
          level: 'info',
          source: 'engine',
          message: `Switching to ${fallback.url} on request`,
        },
      },
      expect.objectContaining({ type: 'progress', kind: 'dialing' }),
    ]);
    await fallback.waitForClient(() => true, 5000);
    await primary.waitForDisconnect(first, 5000);
    await harness.waitFor((e) => e.type === 'progress' && e.kind === 'connected' && e.status.server?.index === 1);
    const after = harness.events.length;
    // Past the switchback interval (100 ms): a pinned server is never probed.
    for (let i = 0; i < 6; i++) await harness.waitForProgress('ping', 5000);
    expect(harness.events.slice(after).filter((e) => e.type === 'progress' && e.kind === 'switchback-probe')).toEqual(
      [],
    );
    expect(harness.engine.status().server).toMatchObject({ index: 1, role: 'fallback' });
  });

  it('a switch the server refuses is logged with the dial’s error and the connection is kept', async () => {
    const nothing = await freePort();
    start(`127.0.0.1:${nothing}`);
    await harness.waitForProgress('connected', 10_000);
    harness.engine.switchServer(1);
    const failed = await harness.waitFor(
      (e) => e.type === 'log' && e.line.message.startsWith(`Switch to ws://127.0.0.1:${nothing} failed: `),
      10_000,
    );
    const lastError = harness.engine.status().servers[1]?.lastError;
    expect(lastError).toBe(`dial tcp 127.0.0.1:${nothing}: connect: connection refused`);
    expect(failed.type === 'log' && failed.line).toMatchObject({
      level: 'error',
      message: `Switch to ws://127.0.0.1:${nothing} failed: ${lastError ?? ''}`,
    });
    expect(harness.engine.status()).toMatchObject({ state: 'connected', server: { index: 0 } });
    expect(primary.clients).toHaveLength(1);
  });

  it('a switch dial cut short because its connection ended is no failure: nothing is logged for it', async () => {
    const sockets = new Set<net.Socket>();
    const hung = net.createServer((s) => {
      sockets.add(s);
      s.on('error', () => {});
    });
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    extra.push({
      stop: () =>
        new Promise<void>((resolve) => {
          for (const s of sockets) s.destroy();
          hung.close(() => resolve());
        }),
    });
    const hungPort = (hung.address() as net.AddressInfo).port;
    start(`127.0.0.1:${hungPort}`);
    const first = await primary.waitForClient();
    await harness.waitForProgress('connected', 10_000);
    harness.engine.switchServer(1);
    await vi.waitFor(() => expect(sockets.size).toBe(1), { timeout: 5000 });
    primary.dropAll();
    await primary.waitForDisconnect(first, 5000);
    await harness.waitFor((e) => e.type === 'progress' && e.kind === 'connected' && e.status.server?.index === 0);
    for (let i = 0; i < 3; i++) await harness.waitForProgress('ping', 5000);
    expect(harness.logs().filter((l) => l.startsWith('Switch to '))).toEqual([]);
  });

  it('a switch dial that completes after its connection ended is closed, and the run stays where it is', async () => {
    const fallback = await startTestRportd({ clientLoginWaitMs: 0 });
    extra.push(fallback);
    start(fallback.url.replace('ws://', ''));
    const first = await primary.waitForClient();
    await harness.waitForProgress('connected', 10_000);
    hold.port = fallback.port;
    harness.engine.switchServer(1);
    await vi.waitFor(() => expect(hold.release).not.toBeNull(), { timeout: 5000 });
    const switched = hold.transport as RportTransport;
    expect(switched.closed).toBe(false);
    primary.dropAll();
    await primary.waitForDisconnect(first, 5000);
    const reconnected = (await harness.waitFor(
      (e) => e.type === 'progress' && e.kind === 'connected',
      10_000,
    )) as Progress;
    expect(reconnected.status.server).toMatchObject({ index: 0 });
    hold.release?.();
    await vi.waitFor(() => expect(switched.closed).toBe(true), { timeout: 5000 });
    for (let i = 0; i < 3; i++) await harness.waitForProgress('ping', 5000);
    expect(harness.engine.status()).toMatchObject({ state: 'connected', server: { index: 0 } });
    expect(fallback.clients).toEqual([]);
  });
});
