// The service watcher's knobs. Defaults suit a service the Go client's own timings bound (minutes, not
// seconds); tests and `rport-tray watch-service` options pass their own.
import type { RestartBackoffPolicy, RestartBudgetPolicy } from '../watchdog-policy';

export interface ServiceWatchPolicy {
  /** How often state.json and the service manager are looked at (a check also runs when a deadline falls due). */
  checkIntervalMs: number;
  /** Added to every computed deadline: slow machines, a busy disk, the 1 s resolution of last_update_ts. */
  marginMs: number;
  /** A fixed threshold (like the PowerShell watchdog's 600 s) replacing the computed deadlines; null: computed. */
  thresholdMs: number | null;
  /** After a restart, how long the service has to write state.json before it is judged again. */
  startupGraceMs: number;
  /** The wait after restart n before another one may follow (at least the startup grace). */
  backoff: RestartBackoffPolicy;
  /** At most `burst` restarts in any `intervalMs`; then the watcher gives up until Retry. */
  budget: RestartBudgetPolicy;
  /** last_update_ts this far ahead of the local clock means the clocks disagree. */
  clockAheadToleranceMs: number;
  /** How many restart records are kept (the newest). */
  keepRecords: number;
}

export const DEFAULT_SERVICE_WATCH_POLICY: ServiceWatchPolicy = {
  checkIntervalMs: 15_000,
  marginMs: 30_000,
  thresholdMs: null,
  startupGraceMs: 60_000,
  backoff: { initialMs: 60_000, factor: 2, maxMs: 15 * 60_000 },
  budget: { burst: 5, intervalMs: 60 * 60_000 },
  clockAheadToleranceMs: 5_000,
  keepRecords: 20,
};

export interface ServiceWatchPolicyOverrides extends Partial<Omit<ServiceWatchPolicy, 'backoff' | 'budget'>> {
  backoff?: Partial<RestartBackoffPolicy>;
  budget?: Partial<RestartBudgetPolicy>;
}

export function resolveServiceWatchPolicy(overrides: ServiceWatchPolicyOverrides = {}): ServiceWatchPolicy {
  const d = DEFAULT_SERVICE_WATCH_POLICY;
  const policy: ServiceWatchPolicy = {
    ...d,
    ...overrides,
    backoff: { ...d.backoff, ...overrides.backoff },
    budget: { ...d.budget, ...overrides.budget },
  };
  for (const [name, value] of Object.entries({
    checkIntervalMs: policy.checkIntervalMs,
    marginMs: policy.marginMs,
    startupGraceMs: policy.startupGraceMs,
    'budget.intervalMs': policy.budget.intervalMs,
    clockAheadToleranceMs: policy.clockAheadToleranceMs,
  })) {
    if (!Number.isFinite(value) || value < 0)
      throw new RangeError(`service watch: ${name} must be >= 0 (got ${value})`);
  }
  if (policy.checkIntervalMs < 100) throw new RangeError('service watch: checkIntervalMs must be >= 100');
  if (policy.thresholdMs !== null && !(policy.thresholdMs > 0))
    throw new RangeError('service watch: the threshold must be > 0');
  if (!Number.isInteger(policy.budget.burst) || policy.budget.burst < 1)
    throw new RangeError('service watch: budget.burst must be an integer >= 1');
  return policy;
}
