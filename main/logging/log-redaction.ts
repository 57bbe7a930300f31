// Secrets never reach a log: credentials in URLs (`scheme://user:pass@host`) are always masked, and
// the sink's owner supplies a scrubber for the literal secrets it knows (the password in `auth`, proxy
// passwords, a keychain password) as a backstop for a message that quotes one by accident.

export const REDACTED = '***';

/** Masks the user info of every URL in a text. */
export function redactUrlCredentials(text: string): string {
  return text.replace(/([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)[^\s/?#@]*@/g, `$1${REDACTED}@`);
}

export type TextScrubber = (text: string) => string;

/** A scrubber for literal secrets; too-short ones are skipped so ordinary words are not blanked. */
export function literalSecretScrubber(secrets: readonly (string | null | undefined)[]): TextScrubber {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret || secret.length < 3) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  // Longest first, so a secret that contains another is replaced whole.
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const form of ordered) if (out.includes(form)) out = out.split(form).join(REDACTED);
    return out;
  };
}
