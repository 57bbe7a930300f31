import { describe, expect, it } from 'vitest';
import { RestartBudget } from '../../../main/watchdog/restart-budget';
import { restartDelayMs } from '../../../main/watchdog/restart-backoff';
import { resolvePolicy } from '../../../main/watchdog/watchdog-policy';

describe('RestartBudget (StartLimitBurst in StartLimitIntervalSec)', () => {
  it('allows `burst` restarts in the window and refuses the next one', () => {
    const budget = new RestartBudget({ burst: 3, intervalMs: 60_000 });
    expect(budget.take(0)).toEqual({ allowed: true, count: 1 });
    expect(budget.take(10_000)).toEqual({ allowed: true, count: 2 });
    expect(budget.take(20_000)).toEqual({ allowed: true, count: 3 });
    expect(budget.take(30_000)).toEqual({ allowed: false, count: 3 });
  });

  it('the window slides: old restarts stop counting', () => {
    const budget = new RestartBudget({ burst: 2, intervalMs: 60_000 });
    budget.take(0);
    budget.take(30_000);
    expect(budget.take(59_999).allowed).toBe(false);
    expect(budget.take(60_000)).toEqual({ allowed: true, count: 2 });
    expect(budget.count(200_000)).toBe(0);
  });

  it('reset gives a fresh budget (retry after failed)', () => {
    const budget = new RestartBudget({ burst: 1, intervalMs: 60_000 });
    budget.take(0);
    expect(budget.take(1).allowed).toBe(false);
    budget.reset();
    expect(budget.take(2).allowed).toBe(true);
  });
});

describe('restartDelayMs', () => {
  it('grows by the factor per restart in the window, up to the maximum', () => {
    const policy = { initialMs: 500, factor: 2, maxMs: 5_000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => restartDelayMs(n, policy))).toEqual([500, 1_000, 2_000, 4_000, 5_000, 5_000]);
    expect(restartDelayMs(0, policy)).toBe(500);
  });
});

describe('resolvePolicy', () => {
  it('merges overrides over the defaults, nested ones too', () => {
    const policy = resolvePolicy({ slackMs: 1, budget: { burst: 2 } });
    expect(policy.slackMs).toBe(1);
    expect(policy.budget).toEqual({ burst: 2, intervalMs: 600_000 });
    expect(policy.backoff.initialMs).toBe(500);
  });

  it('rejects nonsense with the field name', () => {
    expect(() => resolvePolicy({ stopGraceMs: -1 })).toThrow(/stopGraceMs/);
    expect(() => resolvePolicy({ budget: { burst: 0 } })).toThrow(/budget\.burst/);
    expect(() => resolvePolicy({ backoff: { factor: 0.5 } })).toThrow(/backoff\.factor/);
  });
});
