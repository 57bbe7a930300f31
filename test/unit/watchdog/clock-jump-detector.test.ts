import { describe, expect, it } from 'vitest';
import { ClockJumpDetector } from '../../../main/watchdog/clock-jump-detector';

describe('ClockJumpDetector', () => {
  it('reports nothing while both clocks advance alike, even with a slow tick', () => {
    const d = new ClockJumpDetector(5_000);
    expect(d.sample(0, 1_000_000)).toBeNull();
    expect(d.sample(2_000, 1_002_000)).toBeNull();
    expect(d.sample(30_000, 1_030_100)).toBeNull(); // a long GC pause moves both
  });

  it('reports a suspend (wall clock ran on, the monotonic clock stood still)', () => {
    const d = new ClockJumpDetector(5_000);
    d.sample(0, 1_000_000);
    expect(d.sample(2_000, 1_000_000 + 3_600_000)).toBe(3_598_000);
  });

  it('reports the time being set back, and compares against the latest sample only', () => {
    const d = new ClockJumpDetector(5_000);
    d.sample(0, 1_000_000);
    expect(d.sample(2_000, 1_002_000 - 60_000)).toBe(-60_000);
    expect(d.sample(4_000, 944_000)).toBeNull();
  });

  it('a drift of exactly the threshold is not a jump; one millisecond more is, either way', () => {
    const d = new ClockJumpDetector(5_000);
    d.sample(0, 0);
    expect(d.sample(1_000, 6_000)).toBeNull();
    expect(d.sample(2_000, 12_001)).toBe(5_001);
    expect(d.sample(3_000, 8_001)).toBeNull();
    expect(d.sample(4_000, 4_000)).toBe(-5_001);
  });
});
