// The supervisor's restart path and stop escalation, as the UI and the log see them: the restart log
// line with its budget and delay, records and their bound, the status fields, the SIGKILL escalation
// with its texts at the exact grace and confirmation limits, and no timer left behind.
import { afterEach, describe, expect, it } from 'vitest';
import { createSupervisor } from '../../../main/watchdog/supervisor';
import type { SupervisorEvent } from '../../../main/watchdog/supervisor-types';
import { FakeTime } from './fake-time';
import { FakeWorker } from './fake-worker-host';
import { POLICY, TIMING, config, connected, disposeAll, setup } from './supervisor-harness';

afterEach(disposeAll);

describe('supervisor restarts: what is recorded and logged', () => {
  it('logs a crash restart at warn with the count, the budget and the delay', async () => {
    const ctx = setup({ ...POLICY, budget: { burst: 3, intervalMs: 90_500 } });
    await connected(ctx);
    ctx.host.current.exit({ code: 70, signal: null });
    await ctx.time.advance(0);
    const line = ctx.logLines().find((l) => l.message.startsWith('restarting'));
    expect(line).toEqual({
      at: ctx.time.wallMs(),
      level: 'warn',
      source: 'watchdog',
      message:
        'restarting the engine worker: worker exited with code 70 (restart 1 of 3 allowed in 91 s; next start in 200 ms)',
    });
    await ctx.time.advance(200);
    ctx.host.current.exit({ code: 70, signal: null });
    await ctx.time.advance(0);
    expect(
      ctx
        .logs()
        .filter((m) => m.startsWith('restarting'))
        .at(-1),
    ).toBe(
      'restarting the engine worker: worker exited with code 70 (restart 2 of 3 allowed in 91 s; next start in 400 ms)',
    );
  });

  it('records the wall time, the reason and the count; the phase is restarting meanwhile', async () => {
    const ctx = setup();
    await connected(ctx);
    await ctx.time.advance(1_000);
    const wall = ctx.time.wallMs();
    ctx.host.current.exit({ code: 2, signal: null });
    await ctx.time.advance(0);
    expect(ctx.restarts()).toEqual([
      { at: wall, reason: { kind: 'exit', code: 2, signal: null }, text: 'worker exited with code 2', count: 1 },
    ]);
    const restartEvent = ctx.events.findIndex((e) => e.type === 'restart');
    expect(ctx.events[restartEvent - 1]).toMatchObject({ type: 'supervisor', status: { phase: 'restarting' } });
  });

  it('announces the next start: nextRestartAt is the wall time plus the delay, then null once started', async () => {
    const ctx = setup();
    await connected(ctx);
    ctx.host.current.exit({ code: 1, signal: null });
    await ctx.time.advance(0);
    const announced = ctx.statuses().filter((s) => s.nextRestartAt !== null);
    expect(announced).toHaveLength(1);
    expect(announced[0]).toMatchObject({ phase: 'restarting', nextRestartAt: ctx.time.wallMs() + 200 });
    expect(ctx.s.status().nextRestartAt).toBe(ctx.time.wallMs() + 200);
    await ctx.time.advance(200);
    expect(ctx.s.status()).toMatchObject({
      phase: 'starting',
      nextRestartAt: null,
      engine: null,
      lastProgressAt: null,
    });
  });

  it('a requested restart starts the next worker at once', async () => {
    const ctx = setup();
    await connected(ctx);
    ctx.s.restart();
    await ctx.time.advance(0);
    expect(ctx.host.workers).toHaveLength(2);
    expect(ctx.statuses().find((s) => s.nextRestartAt !== null)?.nextRestartAt).toBe(ctx.time.wallMs());
  });

  it('keeps the newest keepRecords records, and counts every restart', async () => {
    const ctx = setup({ ...POLICY, keepRecords: 2, budget: { burst: 10, intervalMs: 60_000 } });
    await connected(ctx);
    ctx.host.current.exit({ code: 1, signal: null });
    await ctx.time.advance(1_000);
    ctx.host.current.exit({ code: 2, signal: null });
    await ctx.time.advance(1_000);
    expect(ctx.s.status().restarts.map((r) => r.text)).toEqual([
      'worker exited with code 1',
      'worker exited with code 2',
    ]);
    ctx.host.current.exit({ code: 3, signal: null });
    await ctx.time.advance(1_000);
    const status = ctx.s.status();
    expect(status.restarts.map((r) => r.text)).toEqual(['worker exited with code 2', 'worker exited with code 3']);
    expect(status.restartCount).toBe(3);
    // The status holds a copy: changing it does not change the supervisor's.
    status.restarts.pop();
    expect(ctx.s.status().restarts).toHaveLength(2);
  });

  it('restartCount counts requested restarts too, from 0', async () => {
    const ctx = setup();
    expect(ctx.s.status().restartCount).toBe(0);
    await connected(ctx);
    ctx.s.restart();
    await ctx.time.advance(0);
    expect(ctx.s.status().restartCount).toBe(1);
  });

  it('gives up when the budget is spent: error log, failed phase, no timer left', async () => {
    const ctx = setup({ ...POLICY, budget: { burst: 2, intervalMs: 30_400 } }, true);
    await connected(ctx);
    for (let i = 0; i < 2; i++) {
      ctx.host.current.exit({ code: 1, signal: null });
      await ctx.time.advance(1_000);
    }
    expect(ctx.s.status().phase).toBe('starting');
    ctx.host.current.exit({ code: 9, signal: null });
    await ctx.time.advance(0);
    const reason = 'the engine worker was restarted 2 times within 30 s and failed again: worker exited with code 9';
    expect(ctx.logLines().at(-1)).toMatchObject({
      level: 'error',
      source: 'watchdog',
      message: `giving up: ${reason}`,
    });
    expect(ctx.s.status()).toMatchObject({
      phase: 'failed',
      failedReason: reason,
      nextRestartAt: null,
      workerPid: null,
    });
    expect(ctx.restarts()).toHaveLength(2);
    expect(ctx.time.pendingCount()).toBe(0);
    // Nothing is watched any more: a clock jump is not even noticed.
    const count = ctx.events.length;
    ctx.time.jumpWall(3_600_000);
    await ctx.time.advance(60_000);
    expect(ctx.events).toHaveLength(count);
  });

  it('a crash in the first budget slot of a fresh window has count 1 again (budget restored)', async () => {
    const ctx = setup({ ...POLICY, budget: { burst: 1, intervalMs: 10_000 } });
    await connected(ctx);
    ctx.host.current.exit({ code: 1, signal: null });
    await ctx.time.advance(200);
    ctx.host.current.ready();
    for (let i = 0; i < 4; i++) {
      await ctx.time.advance(2_500);
      ctx.host.current.progress('ping', { state: 'connected' });
    }
    ctx.host.current.exit({ code: 1, signal: null });
    await ctx.time.advance(0);
    expect(ctx.s.status().phase).toBe('restarting');
    expect(ctx.restarts().map((r) => r.count)).toEqual([1, 1]);
  });
});

describe('supervisor stop escalation', () => {
  it('stop logs, asks, and leaves no timer behind', async () => {
    const ctx = setup(POLICY, true);
    await connected(ctx);
    const worker = ctx.host.current;
    await ctx.s.stop();
    expect(ctx.logLines().filter((l) => l.source === 'watchdog')).toContainEqual({
      at: ctx.time.wallMs(),
      level: 'info',
      source: 'watchdog',
      message: 'stopping the engine worker',
    });
    expect(worker.sent.at(-1)).toEqual({ type: 'stop' });
    expect(worker.signals).toEqual([]);
    expect(ctx.s.status()).toMatchObject({ phase: 'stopped', workerPid: null, deadlineMs: null, graceUntil: null });
    expect(ctx.time.pendingCount()).toBe(0);
    const count = ctx.events.length;
    ctx.time.jumpWall(-3_600_000);
    ctx.time.stall(60_000);
    await ctx.time.advance(60_000);
    expect(ctx.events).toHaveLength(count);
  });

  it('SIGKILLs exactly at the stop grace, and gives up on a process not reaped 5 s after SIGKILL', async () => {
    const ctx = setup();
    await connected(ctx);
    const stuck = ctx.host.current;
    stuck.obeysStop = false;
    stuck.obeysKill = false;
    const stopped = ctx.s.stop();
    let done = false;
    void stopped.then(() => (done = true));
    await ctx.time.advance(499);
    expect(stuck.signals).toEqual([]);
    await ctx.time.advance(1);
    expect(stuck.signals).toEqual(['SIGKILL']);
    expect(ctx.logLines().at(-1)).toMatchObject({
      level: 'warn',
      message: 'engine worker 1000 did not stop within 500 ms: SIGKILL',
    });
    await ctx.time.advance(4_999);
    expect(done).toBe(false);
    expect(ctx.logs().some((m) => m.includes('abandoning'))).toBe(false);
    await ctx.time.advance(1);
    expect(done).toBe(true);
    expect(ctx.logLines().filter((l) => l.level === 'error')).toEqual([
      {
        at: ctx.time.wallMs(),
        level: 'error',
        source: 'watchdog',
        message: 'engine worker 1000 did not exit after SIGKILL; abandoning it',
      },
    ]);
    expect(ctx.s.status()).toMatchObject({ phase: 'stopped', workerPid: null });
    expect(ctx.time.pendingCount()).toBe(0);
  });

  it('a worker that exits on the ask is not signalled and nothing is logged at warn', async () => {
    const ctx = setup();
    await connected(ctx);
    const worker = ctx.host.current;
    await ctx.s.stop();
    expect(worker.signals).toEqual([]);
    expect(ctx.logLines().filter((l) => l.level === 'warn' || l.level === 'error')).toEqual([]);
  });

  it('a worker that only dies on SIGKILL: no "abandoning" line', async () => {
    const ctx = setup();
    await connected(ctx);
    ctx.host.current.obeysStop = false;
    const stopped = ctx.s.stop();
    await ctx.time.advance(500);
    await stopped;
    expect(ctx.logLines().filter((l) => l.level === 'error')).toEqual([]);
    expect(ctx.time.pendingCount()).toBe(0);
  });

  it('an unresponsive worker is SIGKILLed without asking, logged as such, and restarted after the confirmation', async () => {
    const ctx = setup({ ...POLICY, livenessTimeoutMs: 3_000 });
    ctx.s.start({ config: config(), configPath: '/etc/rport.conf', sessionId: 'session-1' });
    const frozen = ctx.host.current;
    frozen.ready(500);
    frozen.progress('connected', { state: 'connected' });
    frozen.obeysStop = false;
    frozen.obeysKill = false;
    await ctx.time.advance(3_000);
    expect(frozen.signals).toEqual(['SIGKILL']);
    expect(frozen.sent.map((c) => c.type)).toEqual(['start']);
    expect(ctx.logLines().find((l) => l.level === 'warn' && l.message.includes('SIGKILL'))?.message).toBe(
      'engine worker 1000 is unresponsive: SIGKILL',
    );
    await ctx.time.advance(4_999);
    expect(ctx.host.workers).toHaveLength(1);
    await ctx.time.advance(1);
    expect(ctx.logs()).toContain('engine worker 1000 did not exit after SIGKILL; abandoning it');
    await ctx.time.advance(199);
    expect(ctx.host.workers).toHaveLength(1);
    await ctx.time.advance(1);
    expect(ctx.host.workers).toHaveLength(2);
  });

  it('an abandoned worker that exits at last does not disturb its successor', async () => {
    const ctx = setup();
    await connected(ctx);
    const stuck = ctx.host.current;
    stuck.obeysStop = false;
    stuck.obeysKill = false;
    await ctx.time.advance(4_000 + 500 + 5_000 + 200); // stale, grace, SIGKILL unconfirmed, back-off
    expect(ctx.host.workers).toHaveLength(2);
    const next = ctx.host.current;
    next.ready();
    next.progress('connected', { state: 'connected' });
    stuck.exit({ code: null, signal: 'SIGKILL' });
    await ctx.time.advance(0);
    expect(ctx.s.status()).toMatchObject({ phase: 'running', workerPid: next.pid });
    expect(ctx.restarts()).toHaveLength(1);
    // The successor is still watched: stale 4 s after its last progress.
    await ctx.time.advance(4_000);
    expect(ctx.restarts()).toHaveLength(2);
  });

  it('a restart requested while giving up wins: never failed, and the clock is still watched', async () => {
    const ctx = setup({ ...POLICY, budget: { burst: 1, intervalMs: 60_000 } }, true);
    await connected(ctx);
    ctx.host.current.exit({ code: 1, signal: null });
    await ctx.time.advance(200);
    ctx.host.current.ready();
    ctx.host.current.progress('connected', { state: 'connected' });
    ctx.host.current.obeysStop = false;
    await ctx.time.advance(4_000); // stale: the budget is spent, the worker is asked to stop
    expect(ctx.logs().filter((m) => m.startsWith('giving up'))).toHaveLength(1);
    await ctx.time.advance(100);
    ctx.s.restart();
    await ctx.time.advance(400);
    expect(ctx.host.workers).toHaveLength(3);
    expect(ctx.s.status().phase).toBe('starting');
    expect(ctx.statuses().some((s) => s.phase === 'failed')).toBe(false);
    ctx.time.jumpWall(60_000);
    await ctx.time.advance(1_000);
    expect(ctx.logs().filter((m) => m.includes('jumped'))).toHaveLength(1);
  });

  it('names a worker without a pid "?"', async () => {
    const time = new FakeTime();
    const workers: FakeWorker[] = [];
    const host = {
      spawn: () => {
        const w = new FakeWorker(null);
        w.obeysStop = false;
        w.obeysKill = false;
        workers.push(w);
        return w;
      },
    };
    const s = createSupervisor({ host, engineTiming: TIMING, policy: POLICY, clock: time, timers: time });
    const lines: string[] = [];
    s.on((e: SupervisorEvent) => e.type === 'log' && lines.push(e.line.message));
    s.start({ config: config(), configPath: '/etc/rport.conf' });
    const stopped = s.stop();
    await time.advance(5_500);
    await stopped;
    expect(s.status().workerPid).toBeNull();
    expect(lines).toContain('engine worker ? did not stop within 500 ms: SIGKILL');
    expect(lines).toContain('engine worker ? did not exit after SIGKILL; abandoning it');
    s.start({ config: config(), configPath: '/etc/rport.conf' });
    workers[1]?.message({ type: 'ready', pid: 0, version: 'test', heartbeatMs: 500 });
    await time.advance(3_000);
    expect(lines).toContain('engine worker ? is unresponsive: SIGKILL');
    s.dispose();
  });

  it('a restart requested while a stale worker is being asked to stop starts exactly one new worker', async () => {
    const ctx = setup();
    await connected(ctx);
    ctx.host.current.obeysStop = false;
    await ctx.time.advance(4_000); // stale: asked to stop, 500 ms grace
    expect(ctx.restarts()).toHaveLength(1);
    await ctx.time.advance(100);
    ctx.s.restart();
    await ctx.time.advance(400); // the grace ends: SIGKILL, both stop waits end
    // Only the requested restart's start is announced (now), not the stale one's back-off.
    expect(ctx.statuses().flatMap((s) => (s.nextRestartAt === null ? [] : [s.nextRestartAt]))).toEqual([
      ctx.time.wallMs(),
    ]);
    await ctx.time.advance(1_000);
    expect(ctx.host.workers).toHaveLength(2);
    expect(ctx.s.status().phase).toBe('starting');
  });

  it('a restart requested while stopping wins: never stopped, and the clock is still watched', async () => {
    const ctx = setup(POLICY, true);
    await connected(ctx);
    ctx.host.current.obeysStop = false;
    const stopped = ctx.s.stop();
    await ctx.time.advance(100);
    ctx.s.restart();
    await ctx.time.advance(400);
    await stopped;
    expect(ctx.host.workers).toHaveLength(2);
    expect(ctx.s.status().phase).toBe('starting');
    expect(ctx.statuses().some((s) => s.phase === 'stopped')).toBe(false);
    ctx.time.jumpWall(60_000);
    await ctx.time.advance(1_000);
    expect(ctx.logs().filter((m) => m.includes('jumped'))).toHaveLength(1);
  });
});

describe('supervisor stop during the back-off wait', () => {
  it('cancels the restart: no next start announced, no timer left', async () => {
    const ctx = setup(POLICY, true);
    await connected(ctx);
    ctx.host.current.exit({ code: 1, signal: null });
    await ctx.time.advance(100);
    await ctx.s.stop();
    expect(ctx.s.status()).toMatchObject({ phase: 'stopped', nextRestartAt: null });
    expect(ctx.time.pendingCount()).toBe(0);
  });
});

describe('supervisor status', () => {
  it('has no deadline and no grace without a worker', async () => {
    const ctx = setup();
    expect(ctx.s.status()).toEqual({
      phase: 'stopped',
      workerPid: null,
      failedReason: null,
      restarts: [],
      nextRestartAt: null,
      engine: null,
      lastProgressAt: null,
      deadlineMs: null,
      graceUntil: null,
      restartCount: 0,
    });
    await connected(ctx);
    ctx.s.onSystemResume();
    expect(ctx.s.status().graceUntil).toBe(ctx.time.wallMs() + 10_000);
    ctx.host.current.exit({ code: 1, signal: null });
    await ctx.time.advance(0);
    expect(ctx.s.status()).toMatchObject({ phase: 'restarting', deadlineMs: null, graceUntil: null });
  });

  it('rounds graceUntil to a whole millisecond', async () => {
    const ctx = setup();
    await connected(ctx);
    const wall = ctx.time.wallMs();
    await ctx.time.advance(0.4);
    ctx.s.onSystemResume();
    await ctx.time.advance(0.3);
    // A grace of 10 s from wall + 0.4 ms, read 0.3 ms later: wall + 10_000.4, rounded.
    expect(ctx.s.status().graceUntil).toBe(wall + 10_000);
  });

  it('the deadline is null in a state that is not watched (keep_alive off while connected)', async () => {
    const ctx = setup();
    const c = config();
    c.connection.keep_alive = 0;
    ctx.s.start({ config: c, configPath: '/etc/rport.conf' });
    expect(ctx.s.status().deadlineMs).toBe(5_000);
    ctx.host.current.ready();
    ctx.host.current.progress('connected', { state: 'connected' });
    expect(ctx.s.status().deadlineMs).toBeNull();
    await ctx.time.advance(600_000);
    expect(ctx.restarts()).toEqual([]);
  });
});
