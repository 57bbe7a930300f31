// A fake monotonic + wall clock with timers, advanced by hand, so the supervisor's timing decisions can
// be tested to the millisecond without waiting.

import type { Clock, Timers } from '../../../main/watchdog/clock';

interface PendingTimer {
  id: number;
  at: number;
  callback: () => void;
}

export class FakeTime implements Clock, Timers {
  private mono = 1_000;
  private wall = Date.UTC(2026, 0, 1, 12, 0, 0);
  private nextId = 1;
  private pending: PendingTimer[] = [];

  monotonicMs(): number {
    return this.mono;
  }

  wallMs(): number {
    return this.wall;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const timer = { id: this.nextId++, at: this.mono + Math.max(0, ms), callback };
    this.pending.push(timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((t) => t.id !== handle);
  }

  unref(): void {}

  /** Timers still pending (none should be left once the supervisor has stopped or failed). */
  pendingCount(): number {
    return this.pending.length;
  }

  /** Moves both clocks forward by `ms`, running every timer that falls due, in order. */
  async advance(ms: number): Promise<void> {
    const target = this.mono + ms;
    await flush();
    for (;;) {
      const next = this.pending.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!next) break;
      // A timer overdue after `stall` runs late, at the current time (the clocks never go back).
      if (next.at > this.mono) {
        this.wall += next.at - this.mono;
        this.mono = next.at;
      }
      this.pending = this.pending.filter((t) => t !== next);
      next.callback();
      await flush();
    }
    this.wall += target - this.mono;
    this.mono = target;
    await flush();
  }

  /**
   * This process is paused or starved for `ms`: both clocks move on and no timer runs; the overdue ones
   * run, late and in order, at the next `advance`.
   */
  stall(ms: number): void {
    this.mono += ms;
    this.wall += ms;
  }

  /** The wall clock jumps (someone set the time) without the monotonic clock moving. */
  jumpWall(ms: number): void {
    this.wall += ms;
  }
}

export async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}
