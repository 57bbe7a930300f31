// Applies the latest value at most once per interval. Tray images set in quick succession can be dropped
// by the OS (Mullvad throttles setImage by 200 ms for this reason); intermediate values are skipped, the
// last one always lands.

export interface TimerApi {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export const realTimers: TimerApi = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => performance.now(),
};

export class ThrottledSetter<T> {
  private lastAppliedAt = Number.NEGATIVE_INFINITY;
  private lastApplied: T | undefined;
  private pending: { value: T } | null = null;
  private timer: unknown = null;

  constructor(
    private readonly apply: (value: T) => void,
    private readonly intervalMs: number,
    private readonly equals: (a: T, b: T) => boolean = Object.is,
    private readonly timers: TimerApi = realTimers,
  ) {}

  set(value: T): void {
    if (this.timer !== null) {
      this.pending = { value };
      return;
    }
    if (this.lastApplied !== undefined && this.equals(this.lastApplied, value)) return;
    const wait = this.lastAppliedAt + this.intervalMs - this.timers.now();
    if (wait <= 0) {
      this.applyNow(value);
      return;
    }
    this.pending = { value };
    this.timer = this.timers.setTimeout(() => this.flush(), wait);
  }

  /** Records a value the target already shows (e.g. the image a tray was created with). */
  seed(value: T): void {
    this.lastApplied = value;
    this.lastAppliedAt = this.timers.now();
  }

  dispose(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
  }

  private flush(): void {
    this.timer = null;
    const pending = this.pending;
    this.pending = null;
    if (pending) this.set(pending.value);
  }

  private applyNow(value: T): void {
    this.lastApplied = value;
    this.lastAppliedAt = this.timers.now();
    this.apply(value);
  }
}
