// Go's two duration fix-ups (docs/protocol.md §8.3 steps 7 and 12) at their exact thresholds.
import { describe, expect, it } from 'vitest';
import {
  fixedMaxRetryInterval,
  fixedMonitoringInterval,
  MONITORING_MIN_INTERVAL,
} from '../../../../main/config/rules/duration-fixups';

const S = 1e9;

describe('duration fix-ups', () => {
  it('max_retry_interval: 1 ns under 1 s becomes 5 min; 1 s and more stay', () => {
    expect(fixedMaxRetryInterval(S - 1)).toBe(300 * S);
    expect(fixedMaxRetryInterval(0)).toBe(300 * S);
    expect(fixedMaxRetryInterval(S)).toBe(S);
    expect(fixedMaxRetryInterval(S + 1)).toBe(S + 1);
  });

  it('[monitoring] interval is at least 60 s', () => {
    expect(MONITORING_MIN_INTERVAL).toBe(60 * S);
    expect(fixedMonitoringInterval(60 * S - 1)).toBe(60 * S);
    expect(fixedMonitoringInterval(60 * S)).toBe(60 * S);
    expect(fixedMonitoringInterval(60 * S + 1)).toBe(60 * S + 1);
  });
});
