// The last guard before anything leaves the main side (events, request results, diagnostics): every
// occurrence of a known secret is replaced. The modules upstream already keep secrets out; this catches a
// log line or an error message that quotes one by accident. It is the one redactor (secret-redactor.ts)
// applied to every string of a JSON-like value, so the window, the log file and the engine's messages
// mask alike.
import { SecretRedactor } from './secret-redactor';

export class SecretScrubber {
  private redactor: SecretRedactor | null = null;

  /** Replaces the set of secrets (e.g. after the config was saved with a new password). */
  setSecrets(values: Iterable<string>): void {
    const secrets = [...new Set(values)].filter((value) => value !== '');
    this.redactor = secrets.length > 0 ? new SecretRedactor(secrets) : null;
  }

  scrubText(text: string): string {
    return this.redactor ? this.redactor.redact(text) : text;
  }

  /** A copy of a JSON-like value with every string scrubbed (object keys included). */
  scrub<T>(value: T): T {
    if (this.redactor === null) return value;
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
