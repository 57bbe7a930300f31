// Headless stand-in for Electron's powerMonitor: between two samples the wall clock and the monotonic
// clock advance alike unless the machine slept (Linux's monotonic clock stops in suspend) or someone
// set the time. A difference beyond the threshold is reported as a jump.

export class ClockJumpDetector {
  private last: { mono: number; wall: number } | null = null;

  constructor(private readonly thresholdMs: number) {}

  /** Returns the size of the jump in ms (positive: wall clock ahead) or null when the clocks agree. */
  sample(monoMs: number, wallMs: number): number | null {
    const previous = this.last;
    this.last = { mono: monoMs, wall: wallMs };
    if (!previous) return null;
    const drift = wallMs - previous.wall - (monoMs - previous.mono);
    return Math.abs(drift) > this.thresholdMs ? drift : null;
  }
}
