// The worker's heartbeat (main/watchdog/worker-heartbeat.ts): one `alive` per interval, a timer that does
// not keep the process alive, and a stop that ends it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  MIN_HEARTBEATS_PER_DEADLINE,
  startWorkerHeartbeat,
  WORKER_HEARTBEAT_MS,
} from '../../../main/watchdog/worker-heartbeat';

describe('worker heartbeat', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('sends alive every interval, exactly, and nothing after stop', () => {
    vi.useFakeTimers();
    const sent: unknown[] = [];
    const stop = startWorkerHeartbeat((m) => sent.push(m), 500);
    vi.advanceTimersByTime(499);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([{ type: 'alive' }]);
    vi.advanceTimersByTime(1_000);
    expect(sent).toHaveLength(3);
    stop();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(5_000);
    expect(sent).toHaveLength(3);
  });

  it('uses the default interval and an unreferenced timer', () => {
    const setIntervalSpy = vi.spyOn(globalThis, 'setInterval');
    const stop = startWorkerHeartbeat(() => {});
    try {
      expect(setIntervalSpy).toHaveBeenCalledTimes(1);
      expect(setIntervalSpy.mock.calls[0]![1]).toBe(WORKER_HEARTBEAT_MS);
      const timer = setIntervalSpy.mock.results[0]!.value as NodeJS.Timeout;
      expect(timer.hasRef()).toBe(false);
    } finally {
      stop();
    }
    expect(WORKER_HEARTBEAT_MS).toBe(500);
    expect(MIN_HEARTBEATS_PER_DEADLINE).toBe(3);
  });
});
