// `[watchdog]` bounds (main/config/rules/restart-policy.ts): each limit is accepted, one step beyond it
// is refused with a message naming the key, the bound and the value.
import { describe, expect, it } from 'vitest';
import { RESTART_POLICY_BOUNDS, restartPolicyProblems } from '../../../../main/config/rules/restart-policy';
import type { WatchdogSection } from '../../../../main/shared/types/config-types';

const MS = 1e6;
const valid: WatchdogSection = {
  restart_burst: 5,
  restart_interval: 600_000 * MS,
  restart_backoff_min: 500 * MS,
  restart_backoff_max: 30_000 * MS,
};
const problems = (patch: Partial<WatchdogSection>) => restartPolicyProblems({ ...valid, ...patch });

describe('[watchdog] restart policy bounds', () => {
  it('accepts the defaults', () => {
    expect(problems({})).toEqual([]);
  });

  it('restart_burst: 1 and 100 pass, 0 and 101 are refused', () => {
    expect(problems({ restart_burst: 1 })).toEqual([]);
    expect(problems({ restart_burst: 100 })).toEqual([]);
    expect(problems({ restart_burst: 0 })).toEqual([
      { key: 'watchdog.restart_burst', message: 'restart_burst must be between 1 and 100 (got 0)' },
    ]);
    expect(problems({ restart_burst: 101 })).toEqual([
      { key: 'watchdog.restart_burst', message: 'restart_burst must be between 1 and 100 (got 101)' },
    ]);
  });

  it('restart_interval: 10s and 24h pass; 1 ns less or more is refused', () => {
    const { min, max } = RESTART_POLICY_BOUNDS.restart_interval;
    expect(min).toBe(10_000 * MS);
    expect(max).toBe(24 * 3_600_000 * MS);
    expect(problems({ restart_interval: min })).toEqual([]);
    expect(problems({ restart_interval: max })).toEqual([]);
    expect(problems({ restart_interval: min - 1 })).toEqual([
      {
        key: 'watchdog.restart_interval',
        message: 'restart_interval must be between 10s and 24h0m0s (got 9.999999999s)',
      },
    ]);
    expect(problems({ restart_interval: max + 1 })).toEqual([
      {
        key: 'watchdog.restart_interval',
        message: 'restart_interval must be between 10s and 24h0m0s (got 24h0m0.000000001s)',
      },
    ]);
  });

  it('restart_backoff_min: 100ms and 5m pass; 1 ns less or more is refused', () => {
    const { min, max } = RESTART_POLICY_BOUNDS.restart_backoff_min;
    expect([min, max]).toEqual([100 * MS, 300_000 * MS]);
    expect(problems({ restart_backoff_min: min })).toEqual([]);
    expect(problems({ restart_backoff_min: max, restart_backoff_max: max })).toEqual([]);
    expect(problems({ restart_backoff_min: min - 1 })).toEqual([
      {
        key: 'watchdog.restart_backoff_min',
        message: 'restart_backoff_min must be between 100ms and 5m0s (got 99.999999ms)',
      },
    ]);
    expect(problems({ restart_backoff_min: max + 1, restart_backoff_max: max + 1 })).toEqual([
      {
        key: 'watchdog.restart_backoff_min',
        message: 'restart_backoff_min must be between 100ms and 5m0s (got 5m0.000000001s)',
      },
    ]);
  });

  it('restart_backoff_max: 100ms and 1h pass; 1 ns less or more is refused', () => {
    const { min, max } = RESTART_POLICY_BOUNDS.restart_backoff_max;
    expect([min, max]).toEqual([100 * MS, 3_600_000 * MS]);
    expect(problems({ restart_backoff_min: min, restart_backoff_max: min })).toEqual([]);
    expect(problems({ restart_backoff_max: max })).toEqual([]);
    expect(problems({ restart_backoff_max: max + 1 })).toEqual([
      {
        key: 'watchdog.restart_backoff_max',
        message: 'restart_backoff_max must be between 100ms and 1h0m0s (got 1h0m0.000000001s)',
      },
    ]);
    expect(problems({ restart_backoff_min: min, restart_backoff_max: min - 1 })).toEqual([
      {
        key: 'watchdog.restart_backoff_max',
        message: 'restart_backoff_max must be between 100ms and 1h0m0s (got 99.999999ms)',
      },
      {
        key: 'watchdog.restart_backoff_max',
        message: 'restart_backoff_max (99.999999ms) must not be shorter than restart_backoff_min (100ms)',
      },
    ]);
  });

  it('restart_backoff_max equal to restart_backoff_min passes; 1 ns shorter is refused', () => {
    expect(problems({ restart_backoff_min: 2_000 * MS, restart_backoff_max: 2_000 * MS })).toEqual([]);
    expect(problems({ restart_backoff_min: 2_000 * MS, restart_backoff_max: 2_000 * MS - 1 })).toEqual([
      {
        key: 'watchdog.restart_backoff_max',
        message: 'restart_backoff_max (1.999999999s) must not be shorter than restart_backoff_min (2s)',
      },
    ]);
  });
});
