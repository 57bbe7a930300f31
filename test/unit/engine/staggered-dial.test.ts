// The order of dials across the primary and the fallbacks: the next server starts when the one in
// progress fails or makes no progress for the stagger; the first success wins and the rest are
// aborted or discarded.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { staggeredDial, StaggeredDialAborted, type StaggeredCandidate } from '../../../main/engine/staggered-dial';

interface Scripted {
  candidate: StaggeredCandidate<string>;
  started: () => boolean;
  aborted: () => boolean;
  progress: () => void;
  succeed: () => void;
  fail: (message: string) => void;
}

function scripted(name: string, ignoresAbort = false): Scripted {
  let started = false;
  let aborted = false;
  let progress: () => void = () => undefined;
  let resolve: (v: string) => void = () => undefined;
  let reject: (e: Error) => void = () => undefined;
  return {
    candidate: {
      dial: (signal, onProgress) => {
        started = true;
        progress = onProgress;
        signal.addEventListener('abort', () => {
          aborted = true;
          if (!ignoresAbort) reject(new Error('dial aborted'));
        });
        return new Promise((res, rej) => {
          resolve = res;
          reject = rej;
        });
      },
    },
    started: () => started,
    aborted: () => aborted,
    progress: () => progress(),
    succeed: () => resolve(name),
    fail: (message) => reject(new Error(message)),
  };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('staggeredDial', () => {
  it('starts the next server when the first makes no progress for the stagger; the first success wins', async () => {
    const [a, b] = [scripted('primary'), scripted('fallback')];
    const discard = vi.fn();
    const result = staggeredDial([a.candidate, b.candidate], {
      staggerMs: 3_000,
      signal: new AbortController().signal,
      discard,
    });
    expect(a.started()).toBe(true);
    await vi.advanceTimersByTimeAsync(2_000);
    a.progress(); // TCP connected: the quiet timer starts again
    await vi.advanceTimersByTimeAsync(2_999);
    expect(b.started()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(b.started()).toBe(true);
    b.succeed();
    await expect(result).resolves.toEqual({ value: 'fallback', index: 1 });
    expect(a.aborted()).toBe(true);
    expect(discard).not.toHaveBeenCalled();
  });

  it('starts the next at once on a failure, and rejects with the last failure when all fail', async () => {
    const [a, b] = [scripted('a'), scripted('b')];
    const failures: number[] = [];
    const result = staggeredDial([a.candidate, b.candidate], {
      staggerMs: 3_000,
      signal: new AbortController().signal,
      onFailure: (i) => failures.push(i),
      discard: () => undefined,
    });
    a.fail('connection refused');
    await vi.advanceTimersByTimeAsync(0);
    expect(b.started()).toBe(true);
    b.fail('no such host');
    await expect(result).rejects.toThrow('no such host');
    expect(failures).toEqual([0, 1]);
  });

  it('a slow but progressing primary keeps its turn alone', async () => {
    const [a, b] = [scripted('a'), scripted('b')];
    const result = staggeredDial([a.candidate, b.candidate], {
      staggerMs: 3_000,
      signal: new AbortController().signal,
      discard: () => undefined,
    });
    for (let i = 0; i < 5; i++) {
      await vi.advanceTimersByTimeAsync(2_500);
      a.progress();
    }
    expect(b.started()).toBe(false);
    a.succeed();
    await expect(result).resolves.toEqual({ value: 'a', index: 0 });
  });

  it('discards a dial that succeeds after another won, and aborts all on the caller`s signal', async () => {
    // `a` finishes its handshake even though it was told to stop (the race the discard exists for).
    const [a, b] = [scripted('a', true), scripted('b')];
    const discard = vi.fn();
    const result = staggeredDial([a.candidate, b.candidate], {
      staggerMs: 1_000,
      signal: new AbortController().signal,
      discard,
    });
    await vi.advanceTimersByTimeAsync(1_000);
    b.succeed();
    await result;
    a.succeed();
    await vi.advanceTimersByTimeAsync(0);
    expect(a.aborted()).toBe(true);
    expect(discard).toHaveBeenCalledWith('a');

    const c = scripted('c');
    const stop = new AbortController();
    const pending = staggeredDial([c.candidate], { staggerMs: 1_000, signal: stop.signal, discard });
    stop.abort();
    await expect(pending).rejects.toBeInstanceOf(StaggeredDialAborted);
    expect(c.aborted()).toBe(true);
  });
});
