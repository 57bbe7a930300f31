// Secrets never reach a log: credentials in URLs (`scheme://user:pass@host`) are always masked, and
// the sink's owner supplies a scrubber for the literal secrets it knows (the password in `auth`, proxy
// passwords, a keychain password) as a backstop for a message that quotes one by accident. The literal
// forms (as typed, URL-encoded, base64) are the engine's redactor's, so the log and the engine's own
// messages mask alike.
import { REDACTED, SecretRedactor } from './secret-redactor';

/** Masks the user info of every URL in a text. */
export function redactUrlCredentials(text: string): string {
  return text.replace(/([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)[^\s/?#@]*@/g, `$1${REDACTED}@`);
}

export type TextScrubber = (text: string) => string;

/** A scrubber for literal secrets; too-short ones are skipped so ordinary words are not blanked. */
export function literalSecretScrubber(secrets: readonly (string | null | undefined)[]): TextScrubber {
  const redactor = new SecretRedactor();
  for (const secret of secrets) {
    redactor.add(secret);
    // Quoted inside JSON text too (a relayed payload, an error that quotes a request).
    if (secret) redactor.add(JSON.stringify(secret).slice(1, -1));
  }
  return (text) => redactor.redact(text);
}
