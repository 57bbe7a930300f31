// The supervisor's graces and liveness limits: the texts a resume, a clock jump or its own stall log;
// the self-stall threshold at its limit and one step either side; the liveness deadline from the
// announced heartbeat (3 heartbeats or the policy's timeout, whichever is longer); which announced
// heartbeats are not judged at all; and that only the housekeeping timers are unref'd.
import { afterEach, describe, expect, it } from 'vitest';
import { createSupervisor } from '../../../main/watchdog/supervisor';
import { FakeTime } from './fake-time';
import { FakeWorkerHost } from './fake-worker-host';
import { POLICY, TIMING, config, connected, disposeAll, setup } from './supervisor-harness';

afterEach(disposeAll);

/** keep_alive 0: a connected engine has no progress deadline, so only liveness is judged. */
function livenessOnly() {
  const c = config();
  c.connection.keep_alive = 0;
  return { config: c, configPath: '/etc/rport.conf', sessionId: 'session-1' };
}

describe('supervisor graces: what is logged', () => {
  it('a system resume logs the grace in whole seconds and emits the status with graceUntil', async () => {
    const ctx = setup({ ...POLICY, resumeGraceMs: 2_600 });
    await connected(ctx);
    const before = ctx.statuses().length;
    ctx.s.onSystemResume();
    expect(ctx.logLines().at(-1)).toEqual({
      at: ctx.time.wallMs(),
      level: 'info',
      source: 'watchdog',
      message: 'the system resumed: staleness is judged again after a grace of 3 s',
    });
    expect(ctx.statuses()).toHaveLength(before + 1);
    expect(ctx.statuses().at(-1)?.graceUntil).toBe(ctx.time.wallMs() + 2_600);
    // Staleness counts from the end of the grace: 2.6 s + 4 s.
    await ctx.time.advance(6_599);
    expect(ctx.restarts()).toEqual([]);
    await ctx.time.advance(1);
    expect(ctx.restarts()).toHaveLength(1);
  });

  it('a resume without a worker (restarting) logs and emits, and the next worker is judged normally', async () => {
    const ctx = setup();
    await connected(ctx);
    ctx.host.current.exit({ code: 1, signal: null });
    await ctx.time.advance(0);
    ctx.s.onSystemResume();
    expect(ctx.logs().at(-1)).toBe('the system resumed: staleness is judged again after a grace of 10 s');
    expect(ctx.s.status().graceUntil).toBeNull();
  });

  it('a wall clock set back is logged with its minus sign, forward with a plus', async () => {
    const ctx = setup(POLICY, true);
    await connected(ctx);
    ctx.time.jumpWall(-3_600_000);
    await ctx.time.advance(1_000);
    expect(ctx.logLines().at(-1)).toMatchObject({
      level: 'info',
      source: 'watchdog',
      message:
        'the wall clock jumped by -3600 s (suspend/resume or time change): staleness is judged again after a grace of 10 s',
    });
    ctx.time.jumpWall(7_400);
    await ctx.time.advance(1_000);
    expect(ctx.logs().at(-1)).toBe(
      'the wall clock jumped by +7 s (suspend/resume or time change): staleness is judged again after a grace of 10 s',
    );
  });

  it('a jump under one second is "0 s", without a sign', async () => {
    const ctx = setup({ ...POLICY, clockJumpThresholdMs: 0 }, true);
    await connected(ctx);
    ctx.time.jumpWall(400);
    await ctx.time.advance(1_000);
    expect(ctx.logs().at(-1)).toBe(
      'the wall clock jumped by 0 s (suspend/resume or time change): staleness is judged again after a grace of 10 s',
    );
  });

  it('the clock is compared every clockCheckIntervalMs from the start, and the jump is seen at the next check', async () => {
    const ctx = setup(POLICY, true);
    ctx.s.start(livenessOnly());
    await ctx.time.advance(999);
    ctx.time.jumpWall(5_000);
    await ctx.time.advance(0);
    expect(ctx.logs().filter((m) => m.includes('jumped'))).toEqual([]);
    await ctx.time.advance(1);
    expect(ctx.logs().filter((m) => m.includes('jumped'))).toHaveLength(1);
    ctx.time.jumpWall(5_000);
    await ctx.time.advance(999);
    expect(ctx.logs().filter((m) => m.includes('jumped'))).toHaveLength(1);
    await ctx.time.advance(1);
    expect(ctx.logs().filter((m) => m.includes('jumped'))).toHaveLength(2);
  });

  it('no clock check when it is turned off (the Electron layer reports resumes instead)', async () => {
    const off = setup(POLICY, false);
    off.s.start(livenessOnly());
    // Only the self-check and the start-up deadline are pending: no clock-check timer.
    expect(off.time.pendingCount()).toBe(2);
    off.time.jumpWall(60_000);
    await off.time.advance(2_000);
    expect(off.logs().filter((m) => m.includes('jumped'))).toEqual([]);
    expect(off.time.pendingCount()).toBe(2);
  });
});

describe('supervisor self-stall', () => {
  // Self-check every 500 ms; a check more than 1.5 s late is a stall.
  const STALL_POLICY = { ...POLICY, selfCheckIntervalMs: 500, selfStallThresholdMs: 1_500 };

  async function stalledBy(ms: number) {
    const ctx = setup(STALL_POLICY);
    ctx.s.start(livenessOnly());
    ctx.host.current.ready();
    ctx.host.current.progress('connected', { state: 'connected' });
    await ctx.time.advance(1_000); // self-checks at 500 and 1000
    ctx.time.stall(ms);
    await ctx.time.advance(0);
    return ctx;
  }

  it('a check exactly the threshold late is no stall', async () => {
    const ctx = await stalledBy(500 + 1_500);
    expect(ctx.logs().filter((m) => m.includes('paused or starved'))).toEqual([]);
  });

  it('one millisecond more is a stall, logged to the tenth of a second, with the grace', async () => {
    const ctx = await stalledBy(500 + 1_501);
    expect(ctx.logLines().filter((l) => l.message.includes('paused or starved'))).toEqual([
      {
        at: ctx.time.wallMs(),
        level: 'info',
        source: 'watchdog',
        message:
          'the supervisor itself was paused or starved for 1.5 s (what the engine sent meanwhile is read before ' +
          'it is judged): staleness is judged again after a grace of 10 s',
      },
    ]);
    expect(ctx.s.status().graceUntil).toBe(ctx.time.wallMs() + 10_000);
  });

  it('rounds the stall to the nearest tenth', async () => {
    const ctx = await stalledBy(500 + 29_549);
    expect(ctx.logs().find((m) => m.includes('paused or starved'))).toMatch(/ for 29\.5 s \(/);
    const ctx2 = await stalledBy(500 + 29_551);
    expect(ctx2.logs().find((m) => m.includes('paused or starved'))).toMatch(/ for 29\.6 s \(/);
  });

  it('keeps checking every interval, and sees a later stall too', async () => {
    const ctx = await stalledBy(0);
    for (let i = 0; i < 10; i++) await ctx.time.advance(500);
    expect(ctx.logs().filter((m) => m.includes('paused or starved'))).toEqual([]);
    ctx.time.stall(2_001);
    await ctx.time.advance(0);
    expect(ctx.logs().filter((m) => m.includes('paused or starved'))).toHaveLength(1);
  });

  it('the stall a liveness timer notices gives liveness a fresh deadline from now', async () => {
    const ctx = setup({ ...STALL_POLICY, livenessTimeoutMs: 3_000, selfCheckIntervalMs: 60_000 });
    ctx.s.start(livenessOnly());
    ctx.host.current.ready(500);
    await ctx.time.advance(1_000);
    // The self-check (every 60 s) is not due; the liveness timer (due at 3 s) notices the stall itself.
    ctx.time.stall(63_000);
    await ctx.time.advance(0);
    expect(ctx.logs().filter((m) => m.includes('paused or starved'))).toHaveLength(1);
    expect(ctx.restarts()).toEqual([]);
    await ctx.time.advance(2_999);
    expect(ctx.restarts()).toEqual([]);
    await ctx.time.advance(1);
    expect(ctx.restarts()[0]?.reason).toEqual({ kind: 'unresponsive', silentForMs: 3_000, deadlineMs: 3_000 });
  });

  it('the stall a staleness timer notices gives a grace before the progress deadline', async () => {
    const ctx = setup({ ...STALL_POLICY, selfCheckIntervalMs: 60_000 });
    await connected(ctx);
    await ctx.time.advance(1_000);
    ctx.time.stall(63_000); // past the 4 s deadline, the self-check not due
    await ctx.time.advance(0);
    expect(ctx.restarts()).toEqual([]);
    await ctx.time.advance(13_999);
    expect(ctx.restarts()).toEqual([]);
    await ctx.time.advance(1);
    expect(ctx.restarts()[0]?.reason).toMatchObject({ kind: 'stale', state: 'connected', deadlineMs: 4_000 });
  });
});

describe('supervisor liveness limits', () => {
  async function unresponsiveAt(heartbeatMs: number, livenessTimeoutMs: number) {
    const ctx = setup({ ...POLICY, livenessTimeoutMs });
    ctx.s.start(livenessOnly());
    ctx.host.current.ready(heartbeatMs);
    const start = ctx.time.monotonicMs();
    while (ctx.restarts().length === 0 && ctx.time.monotonicMs() - start < 100_000) await ctx.time.advance(1);
    return { after: ctx.time.monotonicMs() - start, reason: ctx.restarts()[0]?.reason };
  }

  it('the deadline is the policy timeout while 3 heartbeats fit in it, then 3 heartbeats', async () => {
    expect(await unresponsiveAt(999, 3_000)).toEqual({
      after: 3_000,
      reason: { kind: 'unresponsive', silentForMs: 3_000, deadlineMs: 3_000 },
    });
    expect(await unresponsiveAt(1_000, 3_000)).toMatchObject({ after: 3_000 });
    expect(await unresponsiveAt(1_001, 3_000)).toEqual({
      after: 3_003,
      reason: { kind: 'unresponsive', silentForMs: 3_003, deadlineMs: 3_003 },
    });
  });

  it('rounds the silence and deadline in the record', async () => {
    const ctx = setup({ ...POLICY, livenessTimeoutMs: 0 });
    ctx.s.start(livenessOnly());
    ctx.host.current.ready(0.9); // deadline 2.7 ms
    await ctx.time.advance(3);
    expect(ctx.restarts()[0]?.reason).toEqual({ kind: 'unresponsive', silentForMs: 3, deadlineMs: 3 });
  });

  it('a heartbeat of 0, negative, not finite or not a number is not judged, and arms no timer for it', async () => {
    for (const heartbeatMs of [0, -500, Number.NaN, Number.POSITIVE_INFINITY, '500' as unknown as number]) {
      const time = new RecordingTime();
      const host = new FakeWorkerHost();
      const s = createSupervisor({
        host,
        engineTiming: TIMING,
        policy: { ...POLICY, livenessTimeoutMs: 1_000 },
        clock: time,
        timers: time,
        detectClockJumps: false,
      });
      const kinds: string[] = [];
      s.on((e) => e.type === 'restart' && kinds.push(e.record.reason.kind));
      s.start(livenessOnly());
      host.current.ready(heartbeatMs);
      host.current.progress('connected', { state: 'connected' });
      await time.advance(600_000);
      expect(kinds, `heartbeat ${heartbeatMs}`).toEqual([]);
      expect(
        time.delays.every((ms) => Number.isFinite(ms) && ms >= 0),
        `heartbeat ${heartbeatMs}`,
      ).toBe(true);
      s.dispose();
    }
  });

  it('a heartbeat of 1 ms is judged (with the policy timeout)', async () => {
    expect(await unresponsiveAt(1, 1_000)).toMatchObject({ after: 1_000 });
  });
});

describe('supervisor housekeeping timers', () => {
  it("only the self-check and clock-check timers are unref'd, so they never keep the process alive", async () => {
    const time = new RecordingTime();
    const host = new FakeWorkerHost();
    const s = createSupervisor({ host, engineTiming: TIMING, policy: POLICY, clock: time, timers: time });
    s.start(livenessOnly());
    // clock check (interval 1 s) and self-check (default 500 ms) are armed, and the start-up deadline.
    expect(time.unrefd.size).toBe(2);
    await time.advance(1_000);
    expect(time.unrefd.size).toBe(5); // 2 more self-checks, 1 more clock check
    expect(time.pendingCount()).toBe(3);
    s.dispose();
  });

  it('works with timers that cannot unref', async () => {
    const time = new FakeTime();
    const timers = { setTimeout: time.setTimeout.bind(time), clearTimeout: time.clearTimeout.bind(time) };
    const host = new FakeWorkerHost();
    const s = createSupervisor({ host, engineTiming: TIMING, policy: POLICY, clock: time, timers });
    s.start(livenessOnly());
    await time.advance(5_000);
    expect(s.status().phase).toBe('restarting');
    s.dispose();
  });
});

/** Records the delay of every timer and which ones were unref'd. */
class RecordingTime extends FakeTime {
  readonly delays: number[] = [];
  readonly unrefd = new Set<unknown>();

  override setTimeout(callback: () => void, ms: number): unknown {
    this.delays.push(ms);
    return super.setTimeout(callback, ms);
  }

  override unref(handle?: unknown): void {
    this.unrefd.add(handle);
  }
}
