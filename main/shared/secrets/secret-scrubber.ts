// The last guard before anything leaves the main side (events, request results, diagnostics): every
// occurrence of a known secret is replaced. The modules upstream already keep secrets out; this catches a
// log line or an error message that quotes one by accident. The literal forms it looks for (as typed,
// URL-encoded, base64, JSON-escaped) are the log sink's and the engine's (logging/log-redaction.ts), so the
// window, the log file and the engine's messages mask alike.
import { literalSecretScrubber, type TextScrubber } from './log-redaction';

export class SecretScrubber {
  private literal: TextScrubber | null = null;

  /** Replaces the set of secrets (e.g. after the config was saved with a new password). */
  setSecrets(values: Iterable<string>): void {
    const secrets = [...new Set(values)].filter((value) => value !== '');
    this.literal = secrets.length > 0 ? literalSecretScrubber(secrets) : null;
  }

  scrubText(text: string): string {
    return this.literal ? this.literal(text) : text;
  }

  /** A copy of a JSON-like value with every string scrubbed (object keys included). */
  scrub<T>(value: T): T {
    if (this.literal === null) return value;
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
