// Notices that this process (the supervisor) was itself paused (SIGSTOP, a debugger) or starved (a loaded
// machine, a long GC): a tick that should come every `intervalMs` came much later. Meanwhile the worker's
// messages were queued unread, so judging the worker on the silence would restart a healthy one; the
// supervisor treats such a stall like a clock jump (a grace) and reads what is queued before judging.

export class SelfStallDetector {
  private lastSeen: number | null = null;

  constructor(
    /** How often the supervisor samples when it runs normally. */
    private readonly intervalMs: number,
    /** A gap longer than the interval by more than this is a stall. */
    private readonly thresholdMs: number,
  ) {}

  /** Records that the supervisor runs at `now`; returns how long it was stalled, or null if it was not. */
  sample(now: number): number | null {
    const previous = this.lastSeen;
    this.lastSeen = now;
    if (previous === null) return null;
    const late = now - previous - this.intervalMs;
    return late > this.thresholdMs ? late : null;
  }

  reset(now: number): void {
    this.lastSeen = now;
  }
}
