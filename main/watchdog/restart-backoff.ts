// The wait before a restart grows with the restarts already made in the budget window, so a worker
// that keeps dying does not spin, while a single crash after hours of health restarts almost at once.

import type { RestartBackoffPolicy } from './watchdog-policy';

/** Wait before restart number `countInWindow` (1 = the first in the window). */
export function restartDelayMs(countInWindow: number, policy: RestartBackoffPolicy): number {
  const n = Math.max(1, Math.floor(countInWindow));
  return Math.min(policy.maxMs, policy.initialMs * policy.factor ** (n - 1));
}
