// The supervisor's decisions, driven by a fake clock and an in-memory worker host: which silence is
// stale in which state, the back-off and budget, stop escalation, pause, resume grace and clock jumps.
import { afterEach, describe, expect, it } from 'vitest';
import { seconds } from '../../../main/config/defaults';
import { POLICY, config, connected, disposeAll, setup } from './supervisor-harness';

afterEach(disposeAll);

describe('supervisor', () => {
  it('starts the engine in the worker once it is ready, and runs on its progress', async () => {
    const ctx = setup();
    ctx.s.start({ config: config(), configPath: '/etc/rport.conf', sessionId: 'session-1' });
    expect(ctx.s.status().phase).toBe('starting');
    expect(ctx.host.current.sent).toEqual([]);
    ctx.host.current.ready();
    expect(ctx.host.current.sent[0]).toMatchObject({ type: 'start', options: { sessionId: 'session-1' } });
    ctx.host.current.progress('connected', { state: 'connected' });
    const status = ctx.s.status();
    expect(status.phase).toBe('running');
    expect(status.workerPid).toBe(1000);
    expect(status.engine?.state).toBe('connected');
    expect(status.deadlineMs).toBe(4_000);
    expect(ctx.events.some((e) => e.type === 'engine' && e.event.type === 'progress')).toBe(true);
  });

  it('makes a session ID when none is given and keeps it for every restarted worker', async () => {
    const ctx = setup();
    ctx.s.start({ config: config(), configPath: '/etc/rport.conf' });
    ctx.host.current.ready();
    ctx.host.current.exit({ code: 70, signal: null });
    await ctx.time.advance(300);
    ctx.host.current.ready();
    const ids = ctx.host.workers.map((w) => (w.sent[0]?.type === 'start' ? w.sent[0].options.sessionId : null));
    expect(ids).toHaveLength(2);
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[1]).toBe(ids[0]);
  });

  it('is not restarted while progress keeps coming within the deadline', async () => {
    const ctx = setup();
    await connected(ctx);
    for (let i = 0; i < 20; i++) {
      await ctx.time.advance(3_900);
      ctx.host.current.progress('ping', { state: 'connected' });
    }
    expect(ctx.restarts()).toEqual([]);
    expect(ctx.host.workers).toHaveLength(1);
  });

  it('restarts a connected engine silent for its deadline, asking first, with the reason recorded', async () => {
    const ctx = setup();
    await connected(ctx);
    const first = ctx.host.current;
    await ctx.time.advance(3_999);
    expect(ctx.restarts()).toEqual([]);
    await ctx.time.advance(1);
    const [record] = ctx.restarts();
    expect(record?.reason).toEqual({ kind: 'stale', state: 'connected', silentForMs: 4_000, deadlineMs: 4_000 });
    expect(record?.text).toBe('no progress for 4 s while connected (deadline 4 s)');
    expect(record?.count).toBe(1);
    expect(first.sent.at(-1)).toEqual({ type: 'stop' });
    expect(first.signals).toEqual([]); // it obeyed the ask
    expect(ctx.s.status().phase).toBe('restarting');
    await ctx.time.advance(199);
    expect(ctx.host.workers).toHaveLength(1);
    await ctx.time.advance(1);
    expect(ctx.host.workers).toHaveLength(2);
    expect(ctx.s.status().phase).toBe('starting');
    expect(ctx.s.status().restarts).toEqual([record]);
  });

  it('SIGKILLs a stale worker that does not answer the ask (blocked event loop) after the grace', async () => {
    const ctx = setup();
    await connected(ctx);
    ctx.host.current.obeysStop = false;
    const hung = ctx.host.current;
    await ctx.time.advance(4_000);
    expect(hung.signals).toEqual([]);
    await ctx.time.advance(499);
    expect(hung.signals).toEqual([]);
    await ctx.time.advance(1);
    expect(hung.signals).toEqual(['SIGKILL']);
    await ctx.time.advance(200);
    expect(ctx.host.workers).toHaveLength(2);
    const logs = ctx.events.flatMap((e) => (e.type === 'log' ? [e.line.message] : []));
    expect(logs.some((m) => m.includes('did not stop within 500 ms: SIGKILL'))).toBe(true);
  });

  it('gives a reconnecting engine the announced wait plus a dial per server before calling it stale', async () => {
    const ctx = setup();
    await connected(ctx, ['ws://127.0.0.1:2', 'ws://127.0.0.1:3']);
    ctx.host.current.progress('retry', { state: 'reconnecting', retryInMs: 20_000 });
    // 20 s wait + 3 servers × 3 s dial + 1 s slack = 30 s
    expect(ctx.s.status().deadlineMs).toBe(30_000);
    await ctx.time.advance(29_999);
    expect(ctx.restarts()).toEqual([]);
    await ctx.time.advance(1);
    expect(ctx.restarts()[0]?.reason).toMatchObject({ kind: 'stale', state: 'reconnecting', deadlineMs: 30_000 });
  });

  it('a worker that never reports is stale after the start-up timeout', async () => {
    const ctx = setup();
    ctx.s.start({ config: config(), configPath: '/etc/rport.conf' });
    await ctx.time.advance(5_000);
    expect(ctx.restarts()[0]?.reason).toMatchObject({ kind: 'stale', state: 'starting', deadlineMs: 5_000 });
  });

  it('restarts a worker that exits, backing off more each time, and fails when the budget is spent', async () => {
    const ctx = setup();
    await connected(ctx);
    const spawnTimes: number[] = [];
    for (let i = 0; i < 3; i++) {
      ctx.host.current.exit({ code: 70, signal: null });
      const before = ctx.host.workers.length;
      const t0 = ctx.time.monotonicMs();
      while (ctx.host.workers.length === before) await ctx.time.advance(50);
      spawnTimes.push(ctx.time.monotonicMs() - t0);
    }
    expect(spawnTimes).toEqual([200, 400, 800]);
    expect(ctx.restarts().map((r) => r.count)).toEqual([1, 2, 3]);
    expect(ctx.restarts()[0]?.text).toBe('worker exited with code 70');
    ctx.host.current.exit({ code: null, signal: 'SIGSEGV' });
    await ctx.time.advance(5_000);
    expect(ctx.host.workers).toHaveLength(4);
    const status = ctx.s.status();
    expect(status.phase).toBe('failed');
    expect(status.workerPid).toBeNull();
    expect(status.failedReason).toBe(
      'the engine worker was restarted 3 times within 60 s and failed again: worker was killed by signal SIGSEGV',
    );
    ctx.s.retry();
    expect(ctx.host.workers).toHaveLength(5);
    expect(ctx.s.status().phase).toBe('starting');
    expect(ctx.s.status().failedReason).toBeNull();
    ctx.host.current.ready();
    expect(ctx.host.current.sent[0]).toMatchObject({ type: 'start', options: { sessionId: 'session-1' } });
  });

  it('restores the budget as old restarts leave the window', async () => {
    const ctx = setup();
    await connected(ctx);
    for (let i = 0; i < 3; i++) {
      ctx.host.current.exit({ code: 1, signal: null });
      await ctx.time.advance(1_000);
    }
    ctx.host.current.progress('connected', { state: 'connected' });
    for (let i = 0; i < 20; i++) {
      await ctx.time.advance(3_000);
      ctx.host.current.progress('ping', { state: 'connected' });
    }
    expect(ctx.restarts()).toHaveLength(3);
    ctx.host.current.exit({ code: 1, signal: null });
    await ctx.time.advance(200);
    expect(ctx.s.status().phase).toBe('starting');
    expect(ctx.restarts().at(-1)?.count).toBe(1);
  });

  it('records a spawn error and tries again', async () => {
    const ctx = setup();
    ctx.host.failNextSpawn = 'spawn /nonexistent ENOENT';
    ctx.s.start({ config: config(), configPath: '/etc/rport.conf' });
    await ctx.time.advance(200);
    expect(ctx.restarts()[0]?.text).toBe('worker could not be started: spawn /nonexistent ENOENT');
    expect(ctx.host.workers).toHaveLength(2);
  });

  it('a paused engine is not watched, and the pause is re-applied to a restarted worker', async () => {
    const ctx = setup();
    await connected(ctx);
    ctx.s.pause();
    expect(ctx.host.current.sent.at(-1)).toEqual({ type: 'pause' });
    ctx.host.current.progress('paused', { state: 'paused' });
    await ctx.time.advance(600_000);
    expect(ctx.restarts()).toEqual([]);
    ctx.host.current.exit({ code: 70, signal: null });
    await ctx.time.advance(200);
    ctx.host.current.ready();
    expect(ctx.host.current.sent.map((c) => c.type)).toEqual(['start', 'pause']);
    ctx.s.resume();
    expect(ctx.host.current.sent.at(-1)).toEqual({ type: 'resume' });
  });

  it('relays switch-server and remote-command blocking, and keeps the block across restarts', async () => {
    const ctx = setup();
    await connected(ctx);
    ctx.s.switchServer(1);
    ctx.s.setRemoteCommandsBlocked(true);
    expect(ctx.host.current.sent.slice(-2)).toEqual([
      { type: 'switch-server', index: 1 },
      { type: 'block-remote-commands', blocked: true },
    ]);
    ctx.host.current.exit({ code: 70, signal: null });
    await ctx.time.advance(200);
    ctx.host.current.ready();
    expect(ctx.host.current.sent[0]).toMatchObject({ type: 'start', options: { remoteCommandsBlocked: true } });
  });

  it('sends a config update to the running worker and starts later workers with it', async () => {
    const ctx = setup();
    await connected(ctx);
    const sent = ctx.host.current.sent[0];
    const config = structuredClone(sent?.type === 'start' ? sent.options.config : null);
    if (!config) throw new Error('no start command');
    config.logging.log_level = 'debug';
    ctx.s.updateConfig?.(config);
    expect(ctx.host.current.sent.at(-1)).toEqual({ type: 'update-config', config });
    ctx.host.current.exit({ code: 70, signal: null });
    await ctx.time.advance(200);
    ctx.host.current.ready();
    expect(ctx.host.current.sent[0]).toMatchObject({
      type: 'start',
      options: { config: { logging: { log_level: 'debug' } } },
    });
  });

  it('after a system resume, staleness counts from the end of the grace', async () => {
    const ctx = setup();
    await connected(ctx);
    await ctx.time.advance(3_000);
    ctx.s.onSystemResume();
    expect(ctx.s.status().graceUntil).toBe(ctx.time.wallMs() + 10_000);
    await ctx.time.advance(13_999);
    expect(ctx.restarts()).toEqual([]);
    await ctx.time.advance(1);
    expect(ctx.restarts()[0]?.reason).toMatchObject({ kind: 'stale', silentForMs: 17_000, deadlineMs: 4_000 });
  });

  it('headless: a wall-clock jump is detected by itself and gets the same grace', async () => {
    const ctx = setup(POLICY, true);
    await connected(ctx);
    await ctx.time.advance(1_500);
    ctx.time.jumpWall(3_600_000);
    await ctx.time.advance(500); // the next clock check sees the jump
    const logs = ctx.events.flatMap((e) => (e.type === 'log' ? [e.line.message] : []));
    expect(logs.some((m) => m.startsWith('the wall clock jumped by +3600 s'))).toBe(true);
    await ctx.time.advance(10_000 + 4_000 - 1);
    expect(ctx.restarts()).toEqual([]);
    await ctx.time.advance(1);
    expect(ctx.restarts()).toHaveLength(1);
  });

  it('liveness: a worker that stops sending its heartbeat is SIGKILLed at once, whatever keep_alive is', async () => {
    const ctx = setup({ ...POLICY, livenessTimeoutMs: 3_000 });
    const slow = config();
    slow.connection.keep_alive = seconds(180);
    ctx.s.start({ config: slow, configPath: '/etc/rport.conf', sessionId: 'session-1' });
    ctx.host.current.ready(500);
    ctx.host.current.progress('connected', { state: 'connected' });
    for (let i = 0; i < 20; i++) {
      await ctx.time.advance(500);
      ctx.host.current.alive();
    }
    expect(ctx.restarts()).toEqual([]);
    const frozen = ctx.host.current;
    frozen.obeysStop = false;
    await ctx.time.advance(2_999);
    expect(ctx.restarts()).toEqual([]);
    await ctx.time.advance(1);
    const [record] = ctx.restarts();
    expect(record?.reason).toEqual({ kind: 'unresponsive', silentForMs: 3_000, deadlineMs: 3_000 });
    expect(record?.text).toBe('worker unresponsive: no heartbeat for 3 s (deadline 3 s; frozen, blocked or wedged)');
    // Not asked first: a frozen process cannot answer, and the grace would only delay the new worker.
    expect(frozen.sent.some((c) => c.type === 'stop')).toBe(false);
    expect(frozen.signals).toEqual(['SIGKILL']);
    await ctx.time.advance(200);
    expect(ctx.host.workers).toHaveLength(2);
  });

  it('liveness: any message counts as a sign of life, and the deadline is never shorter than 3 heartbeats', async () => {
    const ctx = setup({ ...POLICY, livenessTimeoutMs: 1_000 });
    ctx.s.start({ config: config(), configPath: '/etc/rport.conf', sessionId: 'session-1' });
    ctx.host.current.ready(1_000);
    for (let i = 0; i < 10; i++) {
      await ctx.time.advance(2_900);
      ctx.host.current.progress('ping', { state: 'connected' });
    }
    expect(ctx.restarts()).toEqual([]);
    await ctx.time.advance(3_000);
    expect(ctx.restarts()[0]?.reason).toMatchObject({ kind: 'unresponsive', deadlineMs: 3_000 });
  });

  it('liveness: a worker that announced no heartbeat is judged by its progress only', async () => {
    const ctx = setup({ ...POLICY, livenessTimeoutMs: 1_000 });
    await connected(ctx);
    await ctx.time.advance(3_999);
    expect(ctx.restarts()).toEqual([]);
    await ctx.time.advance(1);
    expect(ctx.restarts()[0]?.reason.kind).toBe('stale');
  });

  it('a paused supervisor does not restart a healthy worker: its stall is a grace, and queued messages count', async () => {
    const ctx = setup({ ...POLICY, livenessTimeoutMs: 3_000, selfCheckIntervalMs: 500, selfStallThresholdMs: 1_500 });
    ctx.s.start({ config: config(), configPath: '/etc/rport.conf', sessionId: 'session-1' });
    ctx.host.current.ready(500);
    ctx.host.current.progress('connected', { state: 'connected' });
    await ctx.time.advance(1_000);
    ctx.host.current.alive();
    // SIGSTOP of the supervisor for 30 s: far past both deadlines (liveness 3 s, progress 4 s). Its
    // timers all fire late on SIGCONT, before the worker's queued messages are read.
    ctx.time.stall(30_000);
    await ctx.time.advance(0);
    expect(ctx.restarts()).toEqual([]);
    const logs = ctx.events.flatMap((e) => (e.type === 'log' ? [e.line.message] : []));
    expect(logs.some((m) => /^the supervisor itself was paused or starved for (29|30)/.test(m))).toBe(true);
    // The queued messages are read: the worker is healthy and stays.
    ctx.host.current.alive();
    ctx.host.current.progress('ping', { state: 'connected' });
    for (let i = 0; i < 30; i++) {
      await ctx.time.advance(500);
      ctx.host.current.alive();
      if (i % 6 === 0) ctx.host.current.progress('ping', { state: 'connected' });
    }
    expect(ctx.restarts()).toEqual([]);
    expect(ctx.host.workers).toHaveLength(1);
  });

  it('judges a silence only after the messages that arrived with the late timer are read', async () => {
    const ctx = setup({ ...POLICY, livenessTimeoutMs: 3_000, selfStallThresholdMs: 60_000 });
    ctx.s.start({ config: config(), configPath: '/etc/rport.conf', sessionId: 'session-1' });
    ctx.host.current.ready(500);
    ctx.host.current.progress('connected', { state: 'connected' });
    // A stall too short to count as one (threshold 60 s here), long enough for the liveness timer to fire.
    ctx.time.stall(3_200);
    const worker = ctx.host.current;
    // The worker's queued heartbeat is read in this turn's I/O, after the overdue liveness timer ran
    // and before the zero timeout its verdict waits for.
    ctx.time.setTimeout(() => {
      worker.alive();
      worker.progress('ping', { state: 'connected' });
    }, 0);
    await ctx.time.advance(0);
    expect(ctx.restarts()).toEqual([]);
    await ctx.time.advance(3_000);
    expect(ctx.restarts()[0]?.reason.kind).toBe('unresponsive');
  });

  it('stop asks, SIGKILLs after the grace if needed, and nothing restarts afterwards', async () => {
    const ctx = setup();
    await connected(ctx);
    ctx.host.current.obeysStop = false;
    const stopped = ctx.s.stop();
    expect(ctx.s.status().phase).toBe('stopping');
    await ctx.time.advance(500);
    await stopped;
    expect(ctx.host.current.sent.at(-1)).toEqual({ type: 'stop' });
    expect(ctx.host.current.signals).toEqual(['SIGKILL']);
    expect(ctx.s.status()).toMatchObject({ phase: 'stopped', workerPid: null });
    await ctx.time.advance(120_000);
    expect(ctx.host.workers).toHaveLength(1);
    expect(ctx.restarts()).toEqual([]);
  });

  it('dispose kills the worker and nothing restarts afterwards', async () => {
    const ctx = setup();
    await connected(ctx);
    const worker = ctx.host.current;
    ctx.s.dispose();
    expect(worker.signals).toEqual(['SIGKILL']);
    worker.progress('ping', { state: 'connected' }); // a message still in flight when it was killed
    await ctx.time.advance(600_000);
    expect(ctx.host.workers).toHaveLength(1);
    expect(ctx.s.status()).toMatchObject({ workerPid: null, restarts: [] });
  });

  it('stop during the back-off wait cancels the restart', async () => {
    const ctx = setup();
    await connected(ctx);
    ctx.host.current.exit({ code: 70, signal: null });
    await ctx.time.advance(100);
    expect(ctx.s.status().phase).toBe('restarting');
    expect(ctx.s.status().nextRestartAt).toBe(ctx.time.wallMs() + 100);
    await ctx.s.stop();
    await ctx.time.advance(10_000);
    expect(ctx.host.workers).toHaveLength(1);
    expect(ctx.s.status().phase).toBe('stopped');
  });

  it('a requested restart (e.g. a new config) is immediate and does not spend the budget', async () => {
    const ctx = setup();
    await connected(ctx);
    const newConfig = config();
    newConfig.client.server = 'ws://127.0.0.1:9';
    for (let i = 0; i < 5; i++) {
      ctx.s.restart({ config: newConfig });
      await ctx.time.advance(0);
    }
    expect(ctx.host.workers).toHaveLength(6);
    expect(ctx.restarts().map((r) => [r.text, r.count])).toEqual(Array(5).fill(['restart requested', 0]));
    ctx.host.current.ready();
    expect(ctx.host.current.sent[0]).toMatchObject({
      type: 'start',
      options: { sessionId: 'session-1', config: { client: { server: 'ws://127.0.0.1:9' } } },
    });
    expect(ctx.s.status().phase).toBe('starting');
  });

  it('refuses a second start, and ignores malformed worker messages', async () => {
    const ctx = setup();
    await connected(ctx);
    expect(() => ctx.s.start({ config: config(), configPath: 'x' })).toThrow(/already running/);
    ctx.host.current.message({ nonsense: true } as never);
    expect(ctx.s.status().phase).toBe('running');
  });
});
