import { describe, expect, it } from 'vitest';
import { StalenessWatch } from '../../../main/watchdog/staleness-watch';

describe('StalenessWatch', () => {
  it('is stale exactly when the silence reaches the deadline of the last reported state', () => {
    const watch = new StalenessWatch(0);
    watch.beat(100, 'connected', 5_000);
    expect(watch.staleAt()).toBe(5_100);
    expect(watch.check(5_099)).toBeNull();
    expect(watch.check(5_100)).toEqual({ state: 'connected', silentForMs: 5_000, deadlineMs: 5_000 });
  });

  it('each heartbeat restarts the count with the new state deadline', () => {
    const watch = new StalenessWatch(0);
    watch.beat(0, 'connected', 5_000);
    watch.beat(4_000, 'reconnecting', 60_000);
    expect(watch.check(9_000)).toBeNull();
    expect(watch.check(64_000)?.state).toBe('reconnecting');
  });

  it('a state without a deadline is never stale', () => {
    const watch = new StalenessWatch(0);
    watch.beat(0, 'paused', null);
    expect(watch.staleAt()).toBeNull();
    expect(watch.check(1e12)).toBeNull();
  });

  it('a grace counts the silence from the end of the grace, but reports the real silence', () => {
    const watch = new StalenessWatch(0);
    watch.beat(0, 'connected', 5_000);
    watch.grace(4_000, 10_000);
    expect(watch.graceUntil(4_000)).toBe(14_000);
    expect(watch.check(18_999)).toBeNull();
    expect(watch.check(19_000)).toEqual({ state: 'connected', silentForMs: 19_000, deadlineMs: 5_000 });
    expect(watch.graceUntil(19_000)).toBeNull();
  });

  it('a heartbeat after the grace ends counts from that heartbeat', () => {
    const watch = new StalenessWatch(0);
    watch.beat(0, 'connected', 5_000);
    watch.grace(0, 1_000);
    watch.beat(3_000, 'connected', 5_000);
    expect(watch.staleAt()).toBe(8_000);
  });

  it('a grace ending exactly now is over; setDeadline changes the deadline without counting a beat', () => {
    const watch = new StalenessWatch(0);
    watch.beat(0, 'connected', 5_000);
    watch.grace(0, 1_000);
    expect(watch.graceUntil(999)).toBe(1_000);
    expect(watch.graceUntil(1_000)).toBeNull();
    watch.setDeadline(60_000);
    expect(watch.currentDeadline()).toBe(60_000);
    expect(watch.lastBeat()).toBe(0);
    expect(watch.staleAt()).toBe(61_000);
    expect(watch.check(60_999)).toBeNull();
    expect(watch.check(61_000)).toEqual({ state: 'connected', silentForMs: 61_000, deadlineMs: 60_000 });
    watch.setDeadline(null);
    expect(watch.check(1e9)).toBeNull();
  });
});
