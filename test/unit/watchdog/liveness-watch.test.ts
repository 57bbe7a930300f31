// The worker's liveness bookkeeping (main/watchdog/liveness-watch.ts) at its exact boundary.
import { describe, expect, it } from 'vitest';
import { LivenessWatch } from '../../../main/watchdog/liveness-watch';

describe('LivenessWatch', () => {
  it('is unresponsive exactly at the deadline, not one millisecond before', () => {
    const watch = new LivenessWatch(1_000, 3_000);
    expect(watch.deadlineMs).toBe(3_000);
    expect(watch.staleAt()).toBe(4_000);
    expect(watch.check(3_999)).toBeNull();
    expect(watch.check(4_000)).toEqual({ silentForMs: 3_000, deadlineMs: 3_000 });
    expect(watch.check(4_001)).toEqual({ silentForMs: 3_001, deadlineMs: 3_000 });
  });

  it('counts silence from the last sign of life; a late-read older one does not move it back', () => {
    const watch = new LivenessWatch(0, 3_000);
    watch.alive(2_000);
    expect(watch.staleAt()).toBe(5_000);
    watch.alive(1_500);
    expect(watch.staleAt()).toBe(5_000);
    expect(watch.check(4_999)).toBeNull();
    expect(watch.check(5_500)).toEqual({ silentForMs: 3_500, deadlineMs: 3_000 });
  });

  it('a grace after this process stalled restarts the count from now', () => {
    const watch = new LivenessWatch(0, 3_000);
    watch.grace(10_000);
    expect(watch.check(12_999)).toBeNull();
    expect(watch.check(13_000)).toEqual({ silentForMs: 3_000, deadlineMs: 3_000 });
    watch.grace(5_000);
    expect(watch.staleAt()).toBe(13_000);
  });
});
