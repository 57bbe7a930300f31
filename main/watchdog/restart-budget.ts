// A crash-loop limit like systemd's StartLimitBurst/StartLimitIntervalSec: at most `burst` restarts
// within any `intervalMs` (monotonic); one more and the supervisor gives up until the user retries.

import type { RestartBudgetPolicy } from './watchdog-policy';

export class RestartBudget {
  private times: number[] = [];

  constructor(private readonly policy: RestartBudgetPolicy) {}

  /** Restarts within the window that ends at `now`. */
  count(now: number): number {
    this.forget(now);
    return this.times.length;
  }

  /** Takes one restart from the budget; `allowed` is false when the budget for the window is spent. */
  take(now: number): { allowed: boolean; count: number } {
    this.forget(now);
    if (this.times.length >= this.policy.burst) return { allowed: false, count: this.times.length };
    this.times.push(now);
    return { allowed: true, count: this.times.length };
  }

  reset(): void {
    this.times = [];
  }

  private forget(now: number): void {
    this.times = this.times.filter((t) => now - t < this.policy.intervalMs);
  }
}
