// The supervisor's public API and what it tells the UI: refusals with their texts, the commands relayed
// to the worker (and dropped without one), its log lines with level and source, the worker's messages
// and output, and the listeners.
import { afterEach, describe, expect, it } from 'vitest';
import { createSupervisor } from '../../../main/watchdog/supervisor';
import { FakeTime } from './fake-time';
import { FakeWorkerHost } from './fake-worker-host';
import { POLICY, TIMING, config, connected, disposeAll, setup } from './supervisor-harness';

afterEach(disposeAll);

const START = { config: config(), configPath: '/etc/rport.conf', sessionId: 'session-1' };

describe('supervisor API: refusals', () => {
  it('refuses to be used before start, with a text naming the call', () => {
    const ctx = setup();
    expect(() => ctx.s.updateConfig?.(config())).toThrow(new Error('supervisor: updateConfig before start'));
    expect(() => ctx.s.restart()).toThrow(new Error('supervisor: restart before start'));
    expect(() => ctx.s.retry()).toThrow(new Error('supervisor: retry before start'));
    expect(ctx.host.workers).toHaveLength(0);
  });

  it('refuses a start while starting, running or restarting, naming the phase', async () => {
    const ctx = setup();
    ctx.s.start(START);
    expect(() => ctx.s.start(START)).toThrow(new Error('supervisor: already starting'));
    ctx.host.current.ready();
    ctx.host.current.progress('connected', { state: 'connected' });
    expect(() => ctx.s.start(START)).toThrow(new Error('supervisor: already running'));
    ctx.host.current.exit({ code: 1, signal: null });
    await ctx.time.advance(0);
    expect(ctx.s.status().phase).toBe('restarting');
    expect(() => ctx.s.start(START)).toThrow(new Error('supervisor: already restarting'));
    expect(ctx.host.workers).toHaveLength(1);
  });

  it('refuses a start while stopping', async () => {
    const ctx = setup();
    await connected(ctx);
    ctx.host.current.obeysStop = false;
    const stopped = ctx.s.stop();
    expect(() => ctx.s.start(START)).toThrow(new Error('supervisor: already stopping'));
    await ctx.time.advance(500);
    await stopped;
  });

  it('starts again after stop, and refuses any start after dispose', async () => {
    const ctx = setup();
    await connected(ctx);
    await ctx.s.stop();
    ctx.s.start(START);
    expect(ctx.host.workers).toHaveLength(2);
    expect(ctx.s.status().phase).toBe('starting');
    ctx.s.dispose();
    expect(() => ctx.s.start(START)).toThrow(new Error('supervisor: disposed'));
    expect(ctx.host.workers).toHaveLength(2);
  });

  it('a restart after dispose does nothing: no worker is started that nobody would stop', async () => {
    const ctx = setup();
    await connected(ctx);
    ctx.s.dispose();
    ctx.s.restart();
    ctx.s.restart({ sessionId: 'session-2' });
    await ctx.time.advance(60_000);
    expect(ctx.host.workers).toHaveLength(1);
    expect(ctx.time.pendingCount()).toBe(0);
  });

  it('a stop before any start does nothing', async () => {
    const ctx = setup();
    await ctx.s.stop();
    expect(ctx.events).toEqual([]);
    expect(ctx.s.status().phase).toBe('stopped');
  });
});

describe('supervisor API: retry and restart from stopped or failed', () => {
  it('retry while running does nothing', async () => {
    const ctx = setup();
    await connected(ctx);
    const before = ctx.events.length;
    ctx.s.retry();
    expect(ctx.events.length).toBe(before);
    expect(ctx.host.workers).toHaveLength(1);
    expect(ctx.s.status().phase).toBe('running');
  });

  it('retry after stop starts again with "starting again"', async () => {
    const ctx = setup();
    await connected(ctx);
    await ctx.s.stop();
    ctx.s.retry();
    expect(ctx.logLines().at(-1)).toMatchObject({ level: 'info', source: 'watchdog', message: 'starting again' });
    expect(ctx.host.workers).toHaveLength(2);
  });

  it('retry after the budget is spent says so', async () => {
    const ctx = setup({ ...POLICY, budget: { burst: 1, intervalMs: 60_000 } });
    await connected(ctx);
    ctx.host.current.exit({ code: 1, signal: null });
    await ctx.time.advance(200);
    ctx.host.current.exit({ code: 1, signal: null });
    await ctx.time.advance(0);
    expect(ctx.s.status().phase).toBe('failed');
    ctx.s.retry();
    expect(ctx.logs()).toContain('retrying after the restart budget was spent');
    expect(ctx.host.workers).toHaveLength(3);
    // A fresh budget: the next crash is restart 1 again, not a failure.
    ctx.host.current.exit({ code: 1, signal: null });
    await ctx.time.advance(0);
    expect(ctx.s.status().phase).toBe('restarting');
    expect(ctx.restarts().at(-1)?.count).toBe(1);
  });

  it('restart() after the budget is spent is a retry: a fresh budget, no restart record', async () => {
    const ctx = setup({ ...POLICY, budget: { burst: 1, intervalMs: 60_000 } });
    await connected(ctx);
    ctx.host.current.exit({ code: 1, signal: null });
    await ctx.time.advance(200);
    ctx.host.current.exit({ code: 1, signal: null });
    await ctx.time.advance(0);
    expect(ctx.s.status().phase).toBe('failed');
    ctx.s.restart({ configPath: '/etc/other.conf' });
    expect(ctx.logs().at(-1)).toBe('retrying after the restart budget was spent');
    expect(ctx.restarts()).toHaveLength(1);
    expect(ctx.s.status()).toMatchObject({ phase: 'starting', failedReason: null });
    ctx.host.current.ready();
    expect(ctx.host.current.sent[0]).toMatchObject({ type: 'start', options: { configPath: '/etc/other.conf' } });
  });

  it('restart() when stopped starts again (not a restart record), with the update applied', async () => {
    const ctx = setup();
    await connected(ctx);
    await ctx.s.stop();
    ctx.s.restart({ sessionId: 'session-2', configPath: '/etc/other.conf' });
    expect(ctx.restarts()).toEqual([]);
    expect(ctx.logs().at(-1)).toBe('starting again');
    ctx.host.current.ready();
    expect(ctx.host.current.sent[0]).toMatchObject({
      type: 'start',
      options: { sessionId: 'session-2', configPath: '/etc/other.conf' },
    });
  });

  it('restart() while running with a new session ID uses it for the next worker', async () => {
    const ctx = setup();
    await connected(ctx);
    ctx.s.restart({ sessionId: 'session-3' });
    await ctx.time.advance(0);
    ctx.host.current.ready();
    expect(ctx.host.current.sent[0]).toMatchObject({ type: 'start', options: { sessionId: 'session-3' } });
    ctx.s.restart({});
    await ctx.time.advance(0);
    ctx.host.current.ready();
    expect(ctx.host.current.sent[0]).toMatchObject({ type: 'start', options: { sessionId: 'session-3' } });
  });

  it('a requested restart is logged at info, and its record has count 0', async () => {
    const ctx = setup();
    await connected(ctx);
    ctx.s.restart();
    expect(ctx.logLines().find((l) => l.message.startsWith('restarting'))).toMatchObject({
      level: 'info',
      source: 'watchdog',
      message: 'restarting the engine worker: restart requested',
    });
    expect(ctx.restarts()[0]).toMatchObject({ reason: { kind: 'requested' }, text: 'restart requested', count: 0 });
    // Its count is the crash restarts in the window, without itself.
    await ctx.time.advance(0);
    ctx.host.current.exit({ code: 1, signal: null });
    await ctx.time.advance(200);
    ctx.s.restart();
    expect(ctx.restarts().map((r) => r.count)).toEqual([0, 1, 1]);
    expect(ctx.restarts().at(-1)?.text).toBe('restart requested');
  });
});

describe('supervisor API: commands to the worker', () => {
  it('relays pause, resume, switch-server, blocking, config and test faults; drops them without a worker', async () => {
    const ctx = setup();
    // No worker yet: nothing to send to, nothing throws.
    ctx.s.pause();
    ctx.s.resume();
    ctx.s.switchServer(2);
    ctx.s.setRemoteCommandsBlocked(false);
    ctx.s.injectTestFault({ kind: 'hang' } as never);
    await connected(ctx);
    const worker = ctx.host.current;
    expect(worker.sent).toEqual([
      { type: 'start', options: expect.objectContaining({ remoteCommandsBlocked: false }) as unknown },
    ]);
    ctx.s.injectTestFault({ kind: 'hang' } as never);
    expect(worker.sent.at(-1)).toEqual({ type: 'test-fault', fault: { kind: 'hang' } });
    // While restarting there is no worker either.
    worker.exit({ code: 1, signal: null });
    await ctx.time.advance(0);
    ctx.s.pause();
    ctx.s.resume();
    ctx.s.switchServer(1);
    ctx.s.setRemoteCommandsBlocked(true);
    ctx.s.updateConfig?.(config());
    ctx.s.injectTestFault({ kind: 'hang' } as never);
    expect(worker.sent).toHaveLength(2);
  });

  it('the start options carry no remoteCommandsBlocked unless it was given', () => {
    const ctx = setup();
    ctx.s.start(START);
    ctx.host.current.ready();
    const sent = ctx.host.current.sent[0];
    expect(sent?.type).toBe('start');
    if (sent?.type !== 'start') return;
    expect(sent.options).toStrictEqual({ config: START.config, configPath: '/etc/rport.conf', sessionId: 'session-1' });
  });

  it('keeps the session ID and the block across stop and start; an explicit start value wins', async () => {
    const ctx = setup();
    ctx.s.start({ config: config(), configPath: '/etc/rport.conf' });
    ctx.host.current.ready();
    ctx.s.setRemoteCommandsBlocked(true);
    const first = ctx.host.current.sent[0];
    const id = first?.type === 'start' ? first.options.sessionId : '';
    await ctx.s.stop();
    ctx.s.start({ config: config(), configPath: '/etc/rport.conf' });
    ctx.host.current.ready();
    expect(ctx.host.current.sent[0]).toMatchObject({ options: { sessionId: id, remoteCommandsBlocked: true } });
    await ctx.s.stop();
    ctx.s.start({ config: config(), configPath: '/etc/rport.conf', remoteCommandsBlocked: false });
    ctx.host.current.ready();
    expect(ctx.host.current.sent[0]).toMatchObject({ options: { sessionId: id, remoteCommandsBlocked: false } });
  });

  it('the start input remoteCommandsBlocked is kept across restarts', async () => {
    const ctx = setup();
    ctx.s.start({ ...START, remoteCommandsBlocked: true });
    ctx.host.current.ready();
    expect(ctx.host.current.sent[0]).toMatchObject({ options: { remoteCommandsBlocked: true } });
    ctx.host.current.exit({ code: 1, signal: null });
    await ctx.time.advance(200);
    ctx.host.current.ready();
    expect(ctx.host.current.sent[0]).toMatchObject({ options: { remoteCommandsBlocked: true } });
  });

  it('a resume is kept too: the next worker is not told to pause', async () => {
    const ctx = setup();
    await connected(ctx);
    ctx.s.pause();
    ctx.s.resume();
    ctx.host.current.exit({ code: 1, signal: null });
    await ctx.time.advance(200);
    ctx.host.current.ready();
    expect(ctx.host.current.sent.map((c) => c.type)).toEqual(['start']);
  });

  it('a worker is not told to pause unless the user paused', () => {
    const ctx = setup();
    ctx.s.start(START);
    ctx.host.current.ready();
    expect(ctx.host.current.sent.map((c) => c.type)).toEqual(['start']);
  });
});

describe('supervisor API: worker messages and output', () => {
  it('logs the ready worker with pid and version, and emits its status', () => {
    const ctx = setup();
    ctx.s.start(START);
    const before = ctx.statuses().length;
    ctx.host.current.ready();
    expect(ctx.logLines().at(-1)).toEqual({
      at: ctx.time.wallMs(),
      level: 'info',
      source: 'watchdog',
      message: 'engine worker 1000 ready (version test)',
    });
    expect(ctx.statuses().length).toBe(before + 1);
    expect(ctx.statuses().at(-1)).toMatchObject({ phase: 'starting', workerPid: 1000 });
  });

  it('logs a fatal report as an error and puts it in the exit record', async () => {
    const ctx = setup();
    await connected(ctx);
    ctx.host.current.message({ type: 'fatal', message: 'out of sockets' });
    expect(ctx.logLines().at(-1)).toMatchObject({
      level: 'error',
      source: 'watchdog',
      message: 'engine worker reported a fatal error: out of sockets',
    });
    ctx.host.current.exit({ code: 70, signal: null });
    await ctx.time.advance(0);
    expect(ctx.restarts()[0]).toMatchObject({
      reason: { kind: 'exit', code: 70, signal: null, message: 'out of sockets' },
      text: 'worker exited with code 70: out of sockets',
    });
  });

  it("the exit record carries the host's message when the worker reported no fatal error", async () => {
    const ctx = setup();
    await connected(ctx);
    ctx.host.current.exit({ code: null, signal: 'SIGTRAP', message: 'FatalError in v8' });
    await ctx.time.advance(0);
    expect(ctx.restarts()[0]?.reason).toEqual({
      kind: 'exit',
      code: null,
      signal: 'SIGTRAP',
      message: 'FatalError in v8',
    });
  });

  it('an exit without any message has no message field', async () => {
    const ctx = setup();
    await connected(ctx);
    ctx.host.current.exit({ code: 3, signal: null });
    await ctx.time.advance(0);
    expect(ctx.restarts()[0]?.reason).toStrictEqual({ kind: 'exit', code: 3, signal: null });
  });

  it('ignores malformed messages with a debug line, and any message counts as life', async () => {
    const ctx = setup({ ...POLICY, livenessTimeoutMs: 3_000 });
    // keep_alive 0: a connected engine has no progress deadline, only liveness is judged.
    const noKeepAlive = config();
    noKeepAlive.connection.keep_alive = 0;
    ctx.s.start({ ...START, config: noKeepAlive });
    ctx.host.current.ready(500);
    ctx.host.current.progress('connected', { state: 'connected' });
    for (const bad of [null, undefined, 'ready', 42, {}, { type: 'nonsense' }]) {
      await ctx.time.advance(1_000);
      expect(() => ctx.host.current.message(bad as never)).not.toThrow();
      ctx.host.current.progress('ping', { state: 'connected' });
    }
    // The malformed ones count as life too: 2.9 s after the last progress, one keeps it alive.
    await ctx.time.advance(2_900);
    ctx.host.current.message({ type: 'nonsense' } as never);
    await ctx.time.advance(2_999);
    expect(ctx.restarts()).toEqual([]);
    const debug = ctx.logLines().filter((l) => l.level === 'debug');
    expect(debug).toHaveLength(7);
    expect(debug[0]).toMatchObject({ source: 'watchdog', message: 'ignored a malformed message from the worker' });
    await ctx.time.advance(1);
    expect(ctx.restarts()[0]?.reason.kind).toBe('unresponsive');
  });

  it('relays worker output: stderr as warn, stdout as info, source worker; not from a replaced worker', async () => {
    const ctx = setup();
    await connected(ctx);
    const old = ctx.host.current;
    old.output('stderr', 'TypeError: x is undefined');
    old.output('stdout', 'hello');
    expect(ctx.logLines().slice(-2)).toEqual([
      { at: ctx.time.wallMs(), level: 'warn', source: 'worker', message: 'TypeError: x is undefined' },
      { at: ctx.time.wallMs(), level: 'info', source: 'worker', message: 'hello' },
    ]);
    old.exit({ code: 1, signal: null });
    await ctx.time.advance(200);
    const count = ctx.logLines().length;
    old.output('stderr', 'late line');
    expect(ctx.logLines()).toHaveLength(count);
  });

  it('heartbeats are not malformed: no debug line for them', async () => {
    const ctx = setup();
    await connected(ctx);
    ctx.host.current.alive();
    ctx.host.current.alive();
    expect(ctx.logLines().filter((l) => l.level === 'debug')).toEqual([]);
  });

  it('ignores messages from a replaced worker', async () => {
    const ctx = setup();
    await connected(ctx);
    const old = ctx.host.current;
    old.exit({ code: 1, signal: null });
    await ctx.time.advance(200);
    const count = ctx.events.length;
    old.progress('connected', { state: 'connected' });
    old.ready();
    expect(ctx.events).toHaveLength(count);
    expect(ctx.s.status()).toMatchObject({ phase: 'starting', engine: null, lastProgressAt: null });
  });

  it('progress from a worker being stopped does not make the phase running again', async () => {
    const ctx = setup();
    await connected(ctx);
    const worker = ctx.host.current;
    worker.obeysStop = false;
    const stopped = ctx.s.stop();
    worker.progress('ping', { state: 'connected' });
    expect(ctx.s.status().phase).toBe('stopping');
    await ctx.time.advance(500);
    await stopped;
    expect(ctx.s.status().phase).toBe('stopped');
    // The same while a stale worker is asked to stop before its restart.
    ctx.s.start({ ...START, sessionId: undefined });
    ctx.host.current.ready();
    ctx.host.current.progress('connected', { state: 'connected' });
    ctx.host.current.obeysStop = false;
    await ctx.time.advance(4_000);
    expect(ctx.s.status().phase).toBe('restarting');
    ctx.host.current.progress('ping', { state: 'connected' });
    expect(ctx.s.status().phase).toBe('restarting');
  });

  it('progress sets the engine status and time; after running, each progress emits a status', async () => {
    const ctx = setup();
    ctx.s.start(START);
    ctx.host.current.ready();
    ctx.host.current.progress('started', { state: 'initialized' }, 1_234);
    expect(ctx.s.status()).toMatchObject({ phase: 'running', lastProgressAt: 1_234 });
    const before = ctx.statuses().length;
    ctx.host.current.progress('connected', { state: 'connected', message: 'hi' }, 5_678);
    expect(ctx.statuses()).toHaveLength(before + 1);
    expect(ctx.statuses().at(-1)).toMatchObject({
      phase: 'running',
      lastProgressAt: 5_678,
      engine: { state: 'connected', message: 'hi' },
      deadlineMs: 4_000,
    });
    // A non-progress event is relayed but changes nothing.
    ctx.host.current.message({
      type: 'event',
      event: { type: 'log', line: { at: 1, level: 'info', source: 'engine', message: 'x' } },
    } as never);
    expect(ctx.s.status().lastProgressAt).toBe(5_678);
    expect(ctx.events.at(-1)).toMatchObject({ type: 'engine', event: { type: 'log' } });
  });
});

describe('supervisor API: listeners', () => {
  it('a throwing listener does not stop the others; unsubscribe stops delivery', () => {
    const time = new FakeTime();
    const host = new FakeWorkerHost();
    const s = createSupervisor({ host, engineTiming: TIMING, policy: POLICY, clock: time, timers: time });
    const seen: string[] = [];
    s.on(() => {
      throw new Error('broken listener');
    });
    const off = s.on((e) => seen.push(e.type));
    // A listener that unsubscribes another during delivery: the event in flight still reaches it.
    let offLater: () => void = () => undefined;
    s.on(() => offLater());
    const late: string[] = [];
    offLater = s.on((e) => late.push(e.type));
    s.start(START);
    expect(seen.length).toBeGreaterThan(0);
    expect(late).toHaveLength(1);
    off();
    const count = seen.length;
    host.current.ready();
    expect(seen).toHaveLength(count);
    s.dispose();
  });

  it('after dispose no event reaches a listener, and no timer is left', async () => {
    const ctx = setup(POLICY, true);
    await connected(ctx);
    ctx.s.dispose();
    const count = ctx.events.length;
    ctx.s.onSystemResume();
    ctx.host.current.output('stderr', 'x');
    await ctx.time.advance(60_000);
    expect(ctx.events).toHaveLength(count);
    expect(ctx.time.pendingCount()).toBe(0);
  });

  it('dispose during the back-off wait leaves no timer and starts nothing', async () => {
    const ctx = setup(POLICY, true);
    await connected(ctx);
    ctx.host.current.exit({ code: 1, signal: null });
    await ctx.time.advance(100);
    ctx.s.dispose();
    expect(ctx.time.pendingCount()).toBe(0);
    await ctx.time.advance(10_000);
    expect(ctx.host.workers).toHaveLength(1);
  });
});
