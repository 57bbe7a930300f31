// The one redactor: every occurrence of a known literal secret in a text becomes the mask. It is the
// backstop behind messages built from masked parts, and catches a library echoing a secret back inside an
// error, a log line quoting a request, a relayed payload. The log sink, the engine's messages and errors,
// and everything the app core sends to the window and the web UI use it, so they mask alike.
import { SECRET_MASK } from './secret-mask';

// Shorter secrets would blank ordinary words in every message; they are still never put into a message
// on purpose (the structured masks hide them), only this literal backstop skips them.
const MIN_SCRUB_LENGTH = 3;

export type TextScrubber = (text: string) => string;

export class SecretRedactor {
  private forms: string[] = [];

  constructor(secrets: Iterable<string | null | undefined> = []) {
    for (const secret of secrets) this.add(secret);
  }

  add(secret: string | null | undefined): void {
    if (!secret || secret.length < MIN_SCRUB_LENGTH) return;
    const strictlyEncoded = encodeURIComponent(secret).replace(
      /[!'()*]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
    );
    const forms = [
      secret,
      encodeURIComponent(secret),
      strictlyEncoded,
      Buffer.from(secret).toString('base64'),
      // Quoted inside JSON text (a relayed payload, an error that quotes a request).
      JSON.stringify(secret).slice(1, -1),
    ];
    for (const form of forms) if (!this.forms.includes(form)) this.forms.push(form);
    // Longest first, so a secret containing another is replaced whole.
    this.forms.sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text;
    for (const form of this.forms) out = out.split(form).join(SECRET_MASK);
    return out;
  }
}

/** A scrubber for these literal secrets (see SecretRedactor). */
export function literalSecretScrubber(secrets: readonly (string | null | undefined)[]): TextScrubber {
  const redactor = new SecretRedactor(secrets);
  return (text) => redactor.redact(text);
}
