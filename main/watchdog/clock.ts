// The two clocks the watchdog reads. Staleness is judged on the monotonic one (it never jumps when the
// user or NTP changes the time); the wall clock is only for records people read and for spotting jumps.

export interface Clock {
  /** Monotonic milliseconds from an arbitrary origin. */
  monotonicMs(): number;
  /** Epoch milliseconds (wall clock). */
  wallMs(): number;
}

export const systemClock: Clock = {
  monotonicMs: () => performance.now(),
  wallMs: () => Date.now(),
};

/** Timer functions, injectable so the supervisor can be driven by a fake clock in unit tests. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Lets the process exit while only this timer is pending (housekeeping timers). */
  unref?(handle: unknown): void;
}

export const systemTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  unref: (handle) => (handle as NodeJS.Timeout).unref(),
};
