import { describe, expect, it } from 'vitest';
import { SelfStallDetector } from '../../../main/watchdog/self-stall-detector';

describe('SelfStallDetector', () => {
  it('reports nothing while the ticks come about on time, even a little late', () => {
    const d = new SelfStallDetector(500, 1_500);
    d.reset(0);
    expect(d.sample(500)).toBeNull();
    expect(d.sample(1_200)).toBeNull();
    expect(d.sample(1_300)).toBeNull(); // an extra sample between ticks (a judgement)
    expect(d.sample(3_300)).toBeNull(); // 1.5 s late is the most that is not a stall
  });

  it('reports how long the process was stalled, once', () => {
    const d = new SelfStallDetector(500, 1_500);
    d.reset(0);
    expect(d.sample(30_500)).toBe(30_000);
    expect(d.sample(31_000)).toBeNull();
  });
});
