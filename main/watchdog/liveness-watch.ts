// Pure bookkeeping of the worker's signs of life on the monotonic clock: when it last sent anything
// (a heartbeat, an event, a log line) and how long it may stay silent. Unlike the progress deadline this
// does not depend on keep_alive: a worker process that cannot even say it is alive is frozen.

export interface LivenessVerdict {
  silentForMs: number;
  deadlineMs: number;
}

export class LivenessWatch {
  private lastSignAt: number;

  constructor(
    now: number,
    readonly deadlineMs: number,
  ) {
    this.lastSignAt = now;
  }

  /** The worker sent something: it is alive at `now`. */
  alive(now: number): void {
    this.lastSignAt = Math.max(this.lastSignAt, now);
  }

  /**
   * This process itself was paused or starved: what the worker sent meanwhile is still unread, so
   * silence counts from now, as if it had just been heard from.
   */
  grace(now: number): void {
    this.alive(now);
  }

  /** Monotonic time at which the worker counts as unresponsive. */
  staleAt(): number {
    return this.lastSignAt + this.deadlineMs;
  }

  check(now: number): LivenessVerdict | null {
    if (now < this.staleAt()) return null;
    return { silentForMs: now - this.lastSignAt, deadlineMs: this.deadlineMs };
  }
}
