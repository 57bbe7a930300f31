// The keep-alive loop on fake timers (docs/protocol.md §2.5): when each ping is sent, with which timeout,
// and what a success, a refusal, an error, a stall or a stop does next.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startKeepAlive, type KeepAliveOptions } from '../../../main/engine/keep-alive';
import type { RequestOutcome, RportSession } from '../../../main/engine/rport-session';

interface FakeSession {
  closed: boolean;
  request: ReturnType<
    typeof vi.fn<(name: string, payload: Buffer | null, timeoutMs: number) => Promise<RequestOutcome>>
  >;
}

function fakeSession(reply: () => Promise<RequestOutcome> = () => Promise.resolve({ ok: true, payload: null })) {
  const session: FakeSession = { closed: false, request: vi.fn(reply) };
  return { session, asSession: session as unknown as RportSession };
}

function options(overrides: Partial<KeepAliveOptions> = {}) {
  const onSuccess = vi.fn<(rttNs: number) => void>();
  const onFailure = vi.fn<(reason: string) => void>();
  const full: KeepAliveOptions = {
    intervalMs: 30_000,
    timeoutMs: 7_000,
    jitterMs: 0,
    random: () => 0,
    active: () => true,
    onSuccess,
    onFailure,
    ...overrides,
  };
  return {
    options: full,
    onSuccess: full.onSuccess as typeof onSuccess,
    onFailure: full.onFailure as typeof onFailure,
  };
}

/** Lets the promise callbacks of a settled request run. */
const settle = async (): Promise<void> => {
  await Promise.resolve();
  await Promise.resolve();
};

describe('keep-alive (§2.5)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends the ping with keep_alive_timeout as its timeout, not the interval', async () => {
    const { session, asSession } = fakeSession();
    const { options: opts } = options({ intervalMs: 30_000, timeoutMs: 7_000 });
    startKeepAlive(asSession, opts);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(session.request).toHaveBeenCalledTimes(1);
    expect(session.request).toHaveBeenCalledWith('ping', null, 7_000);
  });

  it('waits exactly the interval plus the whole milliseconds of the jitter drawn', async () => {
    const { session, asSession } = fakeSession();
    // 0.9999 × 1000 = 999.9: the wait is floored to 30,999 ms.
    const { options: opts } = options({ intervalMs: 30_000, jitterMs: 1_000, random: () => 0.9999 });
    startKeepAlive(asSession, opts);
    await vi.advanceTimersByTimeAsync(30_998);
    expect(session.request).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(session.request).toHaveBeenCalledTimes(1);
  });

  it('does not ping one millisecond before the interval, and pings again one interval after each success', async () => {
    const { session, asSession } = fakeSession();
    const { options: opts, onSuccess } = options({ intervalMs: 1_000, jitterMs: 500, random: () => 0.5 });
    startKeepAlive(asSession, opts);
    await vi.advanceTimersByTimeAsync(1_249);
    expect(session.request).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(session.request).toHaveBeenCalledTimes(1);
    await settle();
    expect(onSuccess).toHaveBeenCalledTimes(1);
    expect(onSuccess.mock.calls[0]![0]).toBeGreaterThanOrEqual(0);
    expect(Number.isInteger(onSuccess.mock.calls[0]![0])).toBe(true);
    await vi.advanceTimersByTimeAsync(1_249);
    expect(session.request).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(session.request).toHaveBeenCalledTimes(2);
  });

  it('reports the round trip of the ping in nanoseconds', async () => {
    let answer: (outcome: RequestOutcome) => void = () => {};
    const { asSession } = fakeSession(() => new Promise((resolve) => (answer = resolve)));
    const { options: opts, onSuccess } = options({ intervalMs: 1_000 });
    const hrtime = vi.spyOn(process.hrtime, 'bigint');
    hrtime.mockReturnValueOnce(1_000n).mockReturnValueOnce(1_000n + 14_682_823n);
    startKeepAlive(asSession, opts);
    await vi.advanceTimersByTimeAsync(1_000);
    answer({ ok: true, payload: null });
    await settle();
    hrtime.mockRestore();
    expect(onSuccess).toHaveBeenCalledWith(14_682_823);
  });

  it('keep_alive = 0 (or less) sends no ping at all; 1 ms does', async () => {
    for (const intervalMs of [0, -1]) {
      const { session, asSession } = fakeSession();
      const stop = startKeepAlive(asSession, options({ intervalMs }).options);
      expect(vi.getTimerCount()).toBe(0);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(session.request).not.toHaveBeenCalled();
      stop();
    }
    const { session, asSession } = fakeSession();
    const stop = startKeepAlive(asSession, options({ intervalMs: 1 }).options);
    await vi.advanceTimersByTimeAsync(1);
    expect(session.request).toHaveBeenCalledTimes(1);
    stop();
  });

  it('a refusal closes with the server’s text and sends no further ping', async () => {
    const { session, asSession } = fakeSession(() =>
      Promise.resolve({ ok: false, payload: Buffer.from('too many pings') }),
    );
    const { options: opts, onFailure, onSuccess } = options({ intervalMs: 1_000 });
    startKeepAlive(asSession, opts);
    await vi.advanceTimersByTimeAsync(1_000);
    await settle();
    expect(onFailure).toHaveBeenCalledWith('ping rejected by the server: too many pings');
    expect(onSuccess).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(session.request).toHaveBeenCalledTimes(1);
  });

  it('a refusal without a text says only that', async () => {
    for (const payload of [null, Buffer.alloc(0)]) {
      const { asSession } = fakeSession(() => Promise.resolve({ ok: false, payload }));
      const { options: opts, onFailure } = options({ intervalMs: 1_000 });
      const stop = startKeepAlive(asSession, opts);
      await vi.advanceTimersByTimeAsync(1_000);
      await settle();
      expect(onFailure).toHaveBeenCalledWith('ping rejected by the server');
      stop();
    }
  });

  it('a timeout or send error is reported with its message and sends no further ping', async () => {
    const { session, asSession } = fakeSession(() => Promise.reject(new Error('timeout waiting for ping reply')));
    const { options: opts, onFailure, onSuccess } = options({ intervalMs: 1_000 });
    startKeepAlive(asSession, opts);
    await vi.advanceTimersByTimeAsync(1_000);
    await settle();
    expect(onFailure).toHaveBeenCalledWith('timeout waiting for ping reply');
    expect(onSuccess).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(session.request).toHaveBeenCalledTimes(1);

    const other = fakeSession(() => Promise.reject('socket gone' as unknown as Error));
    const second = options({ intervalMs: 1_000 });
    startKeepAlive(other.asSession, second.options);
    await vi.advanceTimersByTimeAsync(1_000);
    await settle();
    expect(second.onFailure).toHaveBeenCalledWith('socket gone');
  });

  it('sends nothing on a closed session, and nothing while stalled; a stall also stops rescheduling', async () => {
    const closed = fakeSession();
    closed.session.closed = true;
    startKeepAlive(closed.asSession, options({ intervalMs: 1_000 }).options);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(closed.session.request).not.toHaveBeenCalled();

    const neverActive = fakeSession();
    startKeepAlive(neverActive.asSession, options({ intervalMs: 1_000, active: () => false }).options);
    expect(vi.getTimerCount()).toBe(0);

    let active = true;
    const stalling = fakeSession();
    const { options: opts, onSuccess } = options({ intervalMs: 1_000, active: () => active });
    startKeepAlive(stalling.asSession, opts);
    active = false;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(stalling.session.request).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
    active = true;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(stalling.session.request).not.toHaveBeenCalled();
    expect(onSuccess).not.toHaveBeenCalled();
  });

  it('a stall that starts while a ping is out stops the next one being scheduled', async () => {
    let active = true;
    let answer: (outcome: RequestOutcome) => void = () => {};
    const { session, asSession } = fakeSession(() => new Promise((resolve) => (answer = resolve)));
    const { options: opts, onSuccess } = options({ intervalMs: 1_000, active: () => active });
    startKeepAlive(asSession, opts);
    await vi.advanceTimersByTimeAsync(1_000);
    active = false;
    answer({ ok: true, payload: null });
    await settle();
    expect(onSuccess).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(session.request).toHaveBeenCalledTimes(1);
  });

  it('stop cancels the pending ping and silences a ping already out', async () => {
    const idle = fakeSession();
    const stopIdle = startKeepAlive(idle.asSession, options({ intervalMs: 1_000 }).options);
    expect(vi.getTimerCount()).toBe(1);
    stopIdle();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(idle.session.request).not.toHaveBeenCalled();

    for (const outcome of [
      () => Promise.resolve<RequestOutcome>({ ok: true, payload: null }),
      () => Promise.resolve<RequestOutcome>({ ok: false, payload: null }),
      () => Promise.reject<RequestOutcome>(new Error('closed')),
    ]) {
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => (release = resolve));
      const busy = fakeSession(() => gate.then(outcome));
      const { options: opts, onSuccess, onFailure } = options({ intervalMs: 1_000 });
      const stop = startKeepAlive(busy.asSession, opts);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(busy.session.request).toHaveBeenCalledTimes(1);
      stop();
      release();
      await settle();
      await settle();
      expect(onSuccess).not.toHaveBeenCalled();
      expect(onFailure).not.toHaveBeenCalled();
      expect(vi.getTimerCount()).toBe(0);
    }
  });
});
