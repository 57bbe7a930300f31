// Pure bookkeeping of heartbeats on the monotonic clock: when the engine last made progress, the
// deadline of the state it reported, and any grace after a suspend/resume or clock jump.

import type { WatchedState } from './progress-deadline';

export interface StaleVerdict {
  state: WatchedState;
  silentForMs: number;
  deadlineMs: number;
}

export class StalenessWatch {
  private lastBeatAt: number;
  private state: WatchedState = 'starting';
  private deadlineMs: number | null = null;
  /** Monotonic time from which silence counts again after a resume (grace included); -Infinity if none. */
  private countFrom = -Infinity;

  constructor(now: number) {
    this.lastBeatAt = now;
  }

  /** A heartbeat: the engine made progress and now is in `state`, with that state's deadline. */
  beat(now: number, state: WatchedState, deadlineMs: number | null): void {
    this.lastBeatAt = now;
    this.state = state;
    this.deadlineMs = deadlineMs;
  }

  /** Changes the deadline without counting a heartbeat (e.g. the policy changed). */
  setDeadline(deadlineMs: number | null): void {
    this.deadlineMs = deadlineMs;
  }

  /**
   * After a suspend/resume or a wall-clock jump the engine's sockets and timers need time to notice:
   * silence counts as if the engine had reported `graceMs` after now.
   */
  grace(now: number, graceMs: number): void {
    this.countFrom = Math.max(this.countFrom, now + graceMs);
  }

  /** The monotonic time at which the engine becomes stale, or null while it is not watched. */
  staleAt(): number | null {
    if (this.deadlineMs === null) return null;
    return Math.max(this.lastBeatAt, this.countFrom) + this.deadlineMs;
  }

  /** Grace end (monotonic), or null when no grace is in force at `now`. */
  graceUntil(now: number): number | null {
    return this.countFrom > now ? this.countFrom : null;
  }

  lastBeat(): number {
    return this.lastBeatAt;
  }

  currentState(): WatchedState {
    return this.state;
  }

  currentDeadline(): number | null {
    return this.deadlineMs;
  }

  check(now: number): StaleVerdict | null {
    const at = this.staleAt();
    if (at === null || now < at || this.deadlineMs === null) return null;
    return { state: this.state, silentForMs: now - this.lastBeatAt, deadlineMs: this.deadlineMs };
  }
}
