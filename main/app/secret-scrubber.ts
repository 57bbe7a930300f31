// The last guard before anything leaves the main side (events, request results, diagnostics): every
// occurrence of a known secret is replaced. The modules upstream already keep secrets out; this catches a
// log line or an error message that quotes one by accident.

export const SCRUBBED = '[redacted]';

/** Shorter secrets are not scrubbed: replacing a 2-letter password everywhere would garble every text. */
const MIN_SECRET_LENGTH = 4;

export class SecretScrubber {
  private secrets: string[] = [];

  /** Replaces the set of secrets (e.g. after the config was saved with a new password). */
  setSecrets(values: Iterable<string>): void {
    const unique = new Set<string>();
    for (const value of values) {
      if (value.length >= MIN_SECRET_LENGTH) {
        unique.add(value);
        // A secret also shows up URL-encoded (proxy URLs) and JSON-escaped (quoted in a message).
        unique.add(encodeURIComponent(value));
        unique.add(JSON.stringify(value).slice(1, -1));
      }
    }
    // Longest first, so a secret that contains another is replaced whole.
    this.secrets = [...unique].sort((a, b) => b.length - a.length);
  }

  scrubText(text: string): string {
    let out = text;
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join(SCRUBBED);
    return out;
  }

  /** A copy of a JSON-like value with every string scrubbed (object keys included). */
  scrub<T>(value: T): T {
    if (this.secrets.length === 0) return value;
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.scrubText(value);
    if (Array.isArray(value)) return value.map((item) => this.walk(item));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) out[this.scrubText(key)] = this.walk(item);
      return out;
    }
    return value;
  }
}
