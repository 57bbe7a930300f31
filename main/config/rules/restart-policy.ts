// `[watchdog]` in rport.conf (an RPort Tray section; the Go client ignores it): how the app's supervisor
// restarts a dead or hung engine. The budget (at most `restart_burst` restarts within
// `restart_interval`, like systemd's StartLimitBurst/StartLimitIntervalSec) and the back-off between
// restarts (from `restart_backoff_min`, doubling to `restart_backoff_max`). The bounds keep a typo from
// turning the watchdog into a crash-loop hammer or into a client that never comes back.
import { formatGoDuration } from '../../shared/go/duration';
import type { WatchdogSection } from '../../shared/types/config-types';

const MS = 1e6;

export const RESTART_POLICY_BOUNDS = {
  restart_burst: { min: 1, max: 100 },
  restart_interval: { min: 10_000 * MS, max: 24 * 3_600_000 * MS },
  restart_backoff_min: { min: 100 * MS, max: 5 * 60_000 * MS },
  restart_backoff_max: { min: 100 * MS, max: 60 * 60_000 * MS },
} as const;

export interface RestartPolicyProblem {
  key: `watchdog.${keyof WatchdogSection}`;
  message: string;
}

const d = (ns: number): string => formatGoDuration(ns);

export function restartPolicyProblems(section: WatchdogSection): RestartPolicyProblem[] {
  const problems: RestartPolicyProblem[] = [];
  const b = RESTART_POLICY_BOUNDS;
  if (section.restart_burst < b.restart_burst.min || section.restart_burst > b.restart_burst.max)
    problems.push({
      key: 'watchdog.restart_burst',
      message: `restart_burst must be between ${b.restart_burst.min} and ${b.restart_burst.max} (got ${section.restart_burst})`,
    });
  for (const key of ['restart_interval', 'restart_backoff_min', 'restart_backoff_max'] as const) {
    const { min, max } = b[key];
    if (section[key] < min || section[key] > max)
      problems.push({
        key: `watchdog.${key}`,
        message: `${key} must be between ${d(min)} and ${d(max)} (got ${d(section[key])})`,
      });
  }
  if (section.restart_backoff_max < section.restart_backoff_min)
    problems.push({
      key: 'watchdog.restart_backoff_max',
      message: `restart_backoff_max (${d(section.restart_backoff_max)}) must not be shorter than restart_backoff_min (${d(section.restart_backoff_min)})`,
    });
  return problems;
}
