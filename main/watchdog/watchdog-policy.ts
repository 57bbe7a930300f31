// The supervisor's knobs. Defaults suit a desktop client; tests pass short ones. The restart budget and
// back-off are the user's: `[watchdog]` in rport.conf (bounded by main/config/rules/restart-policy.ts).
import type { RportConfig } from '../shared/types/config-types';

export interface RestartBackoffPolicy {
  /** Wait before the first restart in a budget window. */
  initialMs: number;
  factor: number;
  maxMs: number;
}

/** Like systemd's StartLimitBurst within StartLimitIntervalSec: at most `burst` restarts in any `intervalMs`. */
export interface RestartBudgetPolicy {
  burst: number;
  intervalMs: number;
}

export interface WatchdogPolicy {
  /** Added to every computed deadline: scheduling delays, slow machines, GC pauses. */
  slackMs: number;
  /** From spawning a worker to its first progress event. */
  startupTimeoutMs: number;
  /** Stop = ask, then SIGKILL after this long (a blocked event loop runs no handler). */
  stopGraceMs: number;
  backoff: RestartBackoffPolicy;
  budget: RestartBudgetPolicy;
  /** After a suspend/resume or a wall-clock jump, staleness counts from this long after it. */
  resumeGraceMs: number;
  /** How often the headless clock-jump check compares the wall clock with the monotonic clock. */
  clockCheckIntervalMs: number;
  /** A difference between the two clocks' progress larger than this is a jump (or a suspend). */
  clockJumpThresholdMs: number;
  /** How many restart records the status keeps (the newest). */
  keepRecords: number;
  /**
   * Liveness: a worker that sends nothing at all (not even its heartbeat) for this long is frozen,
   * blocked or wedged and is killed at once, whatever keep_alive is. Never shorter than a few heartbeats.
   */
  livenessTimeoutMs: number;
  /** How often the supervisor checks that it runs itself (its own stall looks like a silent worker). */
  selfCheckIntervalMs: number;
  /** A self-check that comes this much later than due means the supervisor was paused or starved. */
  selfStallThresholdMs: number;
}

export const DEFAULT_WATCHDOG_POLICY: WatchdogPolicy = {
  slackMs: 10_000,
  startupTimeoutMs: 30_000,
  stopGraceMs: 1_000,
  backoff: { initialMs: 500, factor: 2, maxMs: 30_000 },
  budget: { burst: 5, intervalMs: 10 * 60_000 },
  resumeGraceMs: 30_000,
  clockCheckIntervalMs: 2_000,
  clockJumpThresholdMs: 5_000,
  keepRecords: 20,
  livenessTimeoutMs: 3_000,
  selfCheckIntervalMs: 500,
  selfStallThresholdMs: 1_500,
};

export interface WatchdogPolicyOverrides extends Partial<Omit<WatchdogPolicy, 'backoff' | 'budget'>> {
  backoff?: Partial<RestartBackoffPolicy>;
  budget?: Partial<RestartBudgetPolicy>;
}

export function resolvePolicy(overrides: WatchdogPolicyOverrides = {}): WatchdogPolicy {
  const d = DEFAULT_WATCHDOG_POLICY;
  const policy: WatchdogPolicy = {
    ...d,
    ...overrides,
    backoff: { ...d.backoff, ...overrides.backoff },
    budget: { ...d.budget, ...overrides.budget },
  };
  for (const [name, value] of Object.entries({
    slackMs: policy.slackMs,
    startupTimeoutMs: policy.startupTimeoutMs,
    stopGraceMs: policy.stopGraceMs,
    'backoff.initialMs': policy.backoff.initialMs,
    'backoff.maxMs': policy.backoff.maxMs,
    'budget.intervalMs': policy.budget.intervalMs,
    resumeGraceMs: policy.resumeGraceMs,
    clockCheckIntervalMs: policy.clockCheckIntervalMs,
    clockJumpThresholdMs: policy.clockJumpThresholdMs,
    livenessTimeoutMs: policy.livenessTimeoutMs,
    selfCheckIntervalMs: policy.selfCheckIntervalMs,
    selfStallThresholdMs: policy.selfStallThresholdMs,
  })) {
    if (!Number.isFinite(value) || value < 0)
      throw new RangeError(`watchdog policy: ${name} must be >= 0 (got ${value})`);
  }
  if (policy.selfCheckIntervalMs < 10) throw new RangeError('watchdog policy: selfCheckIntervalMs must be >= 10');
  if (!(policy.backoff.factor >= 1)) throw new RangeError('watchdog policy: backoff.factor must be >= 1');
  if (!Number.isInteger(policy.budget.burst) || policy.budget.burst < 1)
    throw new RangeError('watchdog policy: budget.burst must be an integer >= 1');
  return policy;
}

/** The restart budget and back-off a config asks for ([watchdog]; durations there are in ns). */
export function restartPolicyOf(config: RportConfig): WatchdogPolicyOverrides {
  const w = config.watchdog;
  return {
    budget: { burst: w.restart_burst, intervalMs: w.restart_interval / 1e6 },
    backoff: { initialMs: w.restart_backoff_min / 1e6, maxMs: w.restart_backoff_max / 1e6 },
  };
}

/** `base` with what `top` sets replacing it, key by key (budget and backoff merged too). */
export function withOverrides(
  base: WatchdogPolicyOverrides,
  top: WatchdogPolicyOverrides = {},
): WatchdogPolicyOverrides {
  return {
    ...base,
    ...top,
    budget: { ...base.budget, ...top.budget },
    backoff: { ...base.backoff, ...top.backoff },
  };
}
