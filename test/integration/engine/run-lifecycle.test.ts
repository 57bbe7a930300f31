// A run's life around the connection loop, pinned exactly (issue 20, main/engine/engine.ts): runs never
// overlap (a start waits for the run it replaces), a replaced run that had not begun does nothing, a
// configuration error's status and the config update that recovers from it, a failure of the loop
// itself, a failing feature flush at stop, the test fault switch, and what the end of a run cuts.
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SocketCloseWatch } from '../../../main/engine/socket-close-watch';
import { StateFileWriter } from '../../../main/engine/state-file';
import { SECRET_MASK } from '../../../main/shared/secrets/secret-mask';
import type { EngineEvent } from '../../../main/shared/types/engine-types';
import { startTcpProxy } from '../../support/net';
import { startTestRportd, type TestRportd } from '../../support/rportd';
import { EngineHarness, tempDir, testConfig } from '../../support/engine/engine-harness';

type Progress = Extract<EngineEvent, { type: 'progress' }>;
const progress = (events: EngineEvent[], kind: string): Progress[] =>
  events.filter((e): e is Progress => e.type === 'progress' && e.kind === kind);
const logLines = (events: EngineEvent[]): Array<{ level: string; message: string }> =>
  events.flatMap((e) => (e.type === 'log' ? [{ level: e.line.level, message: e.line.message }] : []));

describe('engine: a run around its connection loop', () => {
  let server: TestRportd;
  let harness: EngineHarness | null;
  let data: ReturnType<typeof tempDir>;
  let cleanups: Array<() => Promise<void> | void>;

  beforeEach(async () => {
    server = await startTestRportd({ clientLoginWaitMs: 0 });
    harness = null;
    data = tempDir();
    cleanups = [];
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
    await harness?.stop();
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    await server.stop();
    data.remove();
  });

  const config = (tweak?: Parameters<typeof testConfig>[0]['tweak']) =>
    testConfig({ server: server.url, dataDir: data.dir, tweak });

  it('a start while the previous run is still starting waits for it to end: the old run’s attributes never reach the new one', async () => {
    // The first run blocks reading its attributes file (a FIFO) until the test writes it.
    const fifo = path.join(data.dir, 'attributes.fifo');
    execFileSync('mkfifo', [fifo]);
    let writer: number | null = null;
    cleanups.push(() => {
      if (writer !== null) closeSync(writer);
    });
    harness = new EngineHarness();
    const h = harness;
    h.start(config((c) => (c.client.attributes_file_path = fifo)));
    // Opening the write end without blocking succeeds only once the run is reading the FIFO.
    await vi.waitFor(
      () => {
        writer = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
      },
      { timeout: 10_000, interval: 20 },
    );
    h.start(config((c) => (c.client.tags = ['new-run'])));
    // An overlapping new run would connect now, while the old one is still blocked.
    await Promise.race([h.waitForProgress('connected', 1500), new Promise((r) => setTimeout(r, 1500))]).catch(() => {});
    expect(progress(h.events, 'connected')).toEqual([]);
    writeSync(writer as unknown as number, JSON.stringify({ tags: ['old-run'], labels: {} }));
    closeSync(writer as unknown as number);
    writer = null;
    const first = await server.waitForClient();
    expect(first.connectionRequest?.Tags).toEqual(['new-run']);
    server.dropAll();
    const second = await server.waitForClient((c) => c !== first);
    expect(second.connectionRequest?.Tags).toEqual(['new-run']);
  });

  it('a run replaced before it began does nothing: one start announced, one state.json "initialized"', async () => {
    const states: string[] = [];
    const write = StateFileWriter.prototype.write;
    vi.spyOn(StateFileWriter.prototype, 'write').mockImplementation(function (this: StateFileWriter, state, message) {
      states.push(state);
      return write.call(this, state, message);
    });
    harness = new EngineHarness();
    harness.start(config((c) => (c.connection.watchdog_integration = true)));
    harness.start(config((c) => (c.connection.watchdog_integration = true)));
    await harness.waitForProgress('connected', 10_000);
    expect(progress(harness.events, 'started')).toHaveLength(1);
    expect(states).toEqual(['initialized', 'connected']);
  });

  it('a configuration error stops the run with an empty message; a config update then starts it over', async () => {
    harness = new EngineHarness();
    harness.start(config((c) => (c.client.server = 'ftp://127.0.0.1:1')));
    const stopped = (await harness.waitForProgress('stopped', 10_000)) as Progress;
    expect(stopped.status.state).toBe('stopped');
    expect(stopped.status.message).toBe('');
    expect(stopped.status.lastError).not.toBeNull();
    expect(harness.logs()).toContain(`configuration error: ${stopped.status.lastError ?? ''}`);
    harness.engine.updateConfig(config());
    const started = (await harness.waitForProgress('started', 10_000)) as Progress;
    expect(started.status).toMatchObject({ state: 'initialized', lastError: null });
    await harness.waitForProgress('connected', 10_000);
    expect(server.clients).toHaveLength(1);
  });

  it('a failure of the loop itself is logged, stops the run with its (redacted) error and is announced', async () => {
    server.faults.refuseAuth = true;
    // The back-off's random source fails at the first wait: nothing inside the loop catches that.
    harness = new EngineHarness({
      random: () => {
        throw new Error('random source failed for client1:secret1');
      },
    });
    harness.start(config());
    const stopped = (await harness.waitForProgress('stopped', 10_000)) as Progress;
    const text = `random source failed for client1:${SECRET_MASK}`;
    expect(stopped.status).toMatchObject({ state: 'stopped', lastError: text });
    expect(harness.engine.status()).toMatchObject({ state: 'stopped', lastError: text });
    expect(logLines(harness.events).at(-1)).toEqual({ level: 'error', message: `engine loop failed: ${text}` });
    expect(harness.events.at(-1)).toBe(stopped);
  });

  it('stop logs a feature flush that fails, and still stops', async () => {
    harness = new EngineHarness({
      features: {
        requestHandlers: {},
        sessionFeatures: [],
        flush: () => Promise.reject(new Error('disk full')),
      },
    });
    harness.start(config());
    await harness.waitForProgress('connected', 10_000);
    await harness.stop();
    const tail = harness.events.slice(-2);
    expect(tail[0]).toMatchObject({
      type: 'log',
      line: { level: 'error', source: 'engine', message: 'feature flush failed: disk full' },
    });
    expect(tail[1]).toMatchObject({ type: 'progress', kind: 'stopped', status: { state: 'stopped' } });
  });

  it('injectFault refuses an unknown fault (and does not stall); a stalled engine writes no state.json', async () => {
    const states: Array<[string, string]> = [];
    const write = StateFileWriter.prototype.write;
    vi.spyOn(StateFileWriter.prototype, 'write').mockImplementation(function (this: StateFileWriter, state, message) {
      states.push([state, message]);
      return write.call(this, state, message);
    });
    harness = new EngineHarness();
    harness.start(config((c) => (c.connection.watchdog_integration = true)));
    await harness.waitForProgress('connected', 10_000);
    vi.stubEnv('RPORT_TRAY_TEST_FAULTS', '1');
    expect(() => harness?.engine.injectFault('freeze' as 'stall')).toThrow(new Error('unknown engine fault freeze'));
    // Not stalled by it: a dropped connection is reconnected and announced.
    server.dropAll();
    await harness.waitForProgress('connected', 10_000);
    harness.engine.injectFault('stall');
    const written = states.length;
    server.dropAll();
    // The loop saw the end (its status says so) but wrote nothing for it.
    await vi.waitFor(() => expect(harness?.engine.status().state).toBe('reconnecting'), { timeout: 10_000 });
    expect(states.slice(written)).toEqual([]);
  });

  it('the end of a run cuts the connection it was still waiting for the server to close', async () => {
    const proxy = await startTcpProxy({ targetPort: server.port });
    cleanups.push(() => proxy.close());
    const watches: SocketCloseWatch[] = [];
    const linger = SocketCloseWatch.prototype.lingerOnClose;
    vi.spyOn(SocketCloseWatch.prototype, 'lingerOnClose').mockImplementation(function (this: SocketCloseWatch, ms) {
      watches.push(this);
      linger.call(this, ms);
    });
    harness = new EngineHarness({ timings: { sessionLingerMs: 60_000 } });
    harness.start(testConfig({ server: `127.0.0.1:${proxy.port}`, dataDir: data.dir }));
    await harness.waitForProgress('connected', 10_000);
    // The server never sees our close, so it never closes its side: the connection would linger a minute.
    expect(proxy.holdCurrent()).toBe(1);
    await harness.stop();
    expect(watches.map((w) => w.settled)).toEqual(['cut']);
  });
});
