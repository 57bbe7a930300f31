// Reconnect back-off (docs/protocol.md §6.1): the n-th wait since the last successful `new_connection`
// is uniform in [min, min(min·2ⁿ, cap)], so the first wait is exactly `min`.
//
// The cap is `[connection] max_retry_interval` — what the documentation says it means ("a maximum
// interval set by max_retry_interval", watchdog docs) — rather than Go 0.9.8+'s hard-coded 10 min,
// which ignores the setting. The caller passes the effective value (Go's fix-up, under 1 s → 5 min, is
// applied once by main/config/rules/duration-fixups.ts).

export const DEFAULT_BACKOFF_MIN_MS = 5_000;

export class Backoff {
  private n = 0;

  constructor(
    private readonly minMs: number,
    private readonly capMs: number,
    private readonly random: () => number = Math.random,
  ) {}

  /** Waits handed out since the last reset (Go's backoff.Attempt()). */
  get attempt(): number {
    return this.n;
  }

  /** The next wait in nanoseconds (whole ns, so `Retrying in …` prints like Go). */
  nextNs(): number {
    const cap = Math.max(this.minMs, this.capMs);
    const upper = Math.min(this.minMs * 2 ** Math.min(this.n, 40), cap);
    this.n++;
    const ms = this.minMs + this.random() * (upper - this.minMs);
    return Math.round(ms * 1e6);
  }

  reset(): void {
    this.n = 0;
  }
}
