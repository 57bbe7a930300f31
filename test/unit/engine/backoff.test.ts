import { describe, expect, it } from 'vitest';
import { Backoff } from '../../../main/engine/backoff';

describe('back-off (§6.1)', () => {
  it('first wait is exactly the minimum, then uniform in [min, min·2ⁿ] capped', () => {
    const high = new Backoff(5000, 300_000, () => 0.999999);
    const waits = Array.from({ length: 10 }, () => high.nextNs() / 1e6);
    expect(waits[0]).toBe(5000);
    expect(waits[1]).toBeCloseTo(10_000, -1);
    expect(waits[2]).toBeCloseTo(20_000, -1);
    expect(Math.max(...waits)).toBeLessThanOrEqual(300_000);
    expect(waits[9]).toBeCloseTo(300_000, -1);
    const low = new Backoff(5000, 300_000, () => 0);
    expect(Array.from({ length: 5 }, () => low.nextNs() / 1e6)).toEqual([5000, 5000, 5000, 5000, 5000]);
  });

  it('counts attempts and resets', () => {
    const b = new Backoff(100, 1000, () => 0.5);
    b.nextNs();
    b.nextNs();
    expect(b.attempt).toBe(2);
    b.reset();
    expect(b.attempt).toBe(0);
    expect(b.nextNs()).toBe(100e6);
  });

  it('never goes below the minimum even when the cap is lower', () => {
    const b = new Backoff(5000, 1000, () => 1);
    expect(b.nextNs()).toBe(5000e6);
    expect(b.nextNs()).toBe(5000e6);
  });

  it('returns whole nanoseconds', () => {
    const b = new Backoff(5000, 300_000, () => 0.123456789123);
    b.nextNs();
    expect(Number.isInteger(b.nextNs())).toBe(true);
  });
});
