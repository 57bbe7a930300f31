// The supervisor's policy (main/watchdog/watchdog-policy.ts): each bound accepted at its limit and
// refused one step beyond, and the [watchdog] section turned into milliseconds.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WATCHDOG_POLICY,
  resolvePolicy,
  restartPolicyOf,
  withOverrides,
} from '../../../main/watchdog/watchdog-policy';
import { defaultConfig } from '../../../main/config/defaults';

describe('watchdog policy bounds', () => {
  it('every duration may be 0 but not negative or infinite, naming the field', () => {
    const durations = [
      'slackMs',
      'startupTimeoutMs',
      'stopGraceMs',
      'resumeGraceMs',
      'clockCheckIntervalMs',
      'clockJumpThresholdMs',
      'livenessTimeoutMs',
      'selfStallThresholdMs',
    ] as const;
    for (const name of durations) {
      expect(resolvePolicy({ [name]: 0 })[name]).toBe(0);
      expect(() => resolvePolicy({ [name]: -1 })).toThrow(`watchdog policy: ${name} must be >= 0 (got -1)`);
      expect(() => resolvePolicy({ [name]: Number.POSITIVE_INFINITY })).toThrow(`${name} must be >= 0`);
      expect(() => resolvePolicy({ [name]: Number.NaN })).toThrow(`${name} must be >= 0`);
    }
    expect(resolvePolicy({ backoff: { initialMs: 0, maxMs: 0 }, budget: { intervalMs: 0 } })).toMatchObject({
      backoff: { initialMs: 0, maxMs: 0 },
      budget: { intervalMs: 0 },
    });
    expect(() => resolvePolicy({ backoff: { initialMs: -1 } })).toThrow('backoff.initialMs must be >= 0');
    expect(() => resolvePolicy({ backoff: { maxMs: -1 } })).toThrow('backoff.maxMs must be >= 0');
    expect(() => resolvePolicy({ budget: { intervalMs: -1 } })).toThrow('budget.intervalMs must be >= 0');
    expect(() => resolvePolicy({ selfCheckIntervalMs: -1 })).toThrow('selfCheckIntervalMs must be >= 0');
  });

  it('selfCheckIntervalMs: 10 passes, 9 is refused', () => {
    expect(resolvePolicy({ selfCheckIntervalMs: 10 }).selfCheckIntervalMs).toBe(10);
    expect(() => resolvePolicy({ selfCheckIntervalMs: 9 })).toThrow(
      'watchdog policy: selfCheckIntervalMs must be >= 10',
    );
  });

  it('backoff.factor: 1 passes, just under 1 and NaN are refused', () => {
    expect(resolvePolicy({ backoff: { factor: 1 } }).backoff.factor).toBe(1);
    for (const factor of [0.999, Number.NaN]) {
      expect(() => resolvePolicy({ backoff: { factor } })).toThrow('watchdog policy: backoff.factor must be >= 1');
    }
  });

  it('budget.burst: 1 passes; 0 and a fraction are refused', () => {
    expect(resolvePolicy({ budget: { burst: 1 } }).budget.burst).toBe(1);
    for (const burst of [0, 1.5]) {
      expect(() => resolvePolicy({ budget: { burst } })).toThrow(
        'watchdog policy: budget.burst must be an integer >= 1',
      );
    }
  });

  it('the defaults pass unchanged', () => {
    expect(resolvePolicy()).toEqual(DEFAULT_WATCHDOG_POLICY);
  });
});

describe('restartPolicyOf', () => {
  it('turns the [watchdog] nanoseconds into milliseconds, each field to its own place', () => {
    const config = defaultConfig('/tmp/x');
    config.watchdog = {
      restart_burst: 7,
      restart_interval: 120_000e6,
      restart_backoff_min: 250e6,
      restart_backoff_max: 45_000e6,
    };
    expect(restartPolicyOf(config)).toEqual({
      budget: { burst: 7, intervalMs: 120_000 },
      backoff: { initialMs: 250, maxMs: 45_000 },
    });
  });

  it('withOverrides lets the top win key by key, budget and backoff merged', () => {
    expect(
      withOverrides(
        { slackMs: 1, budget: { burst: 2, intervalMs: 3 }, backoff: { initialMs: 4 } },
        { slackMs: 5, budget: { burst: 6 }, backoff: { maxMs: 7 } },
      ),
    ).toEqual({ slackMs: 5, budget: { burst: 6, intervalMs: 3 }, backoff: { initialMs: 4, maxMs: 7 } });
    expect(withOverrides({ slackMs: 1 })).toEqual({ slackMs: 1, budget: {}, backoff: {} });
  });
});
