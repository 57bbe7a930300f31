// Keeps secrets (the password in `auth`, proxy credentials, credential headers) out of every log line,
// event and error message the engine produces. Two layers: messages are built from redacted parts
// (URLs without user info), and every outgoing text is scrubbed for the literal secrets as a backstop,
// which also catches a library echoing a secret back inside an error.
import { isCredentialHeader } from './credential-header';

export const REDACTED = '***';

// Shorter secrets would blank ordinary words in every message; they are still never put into a message
// on purpose, only the literal backstop skips them.
const MIN_SCRUB_LENGTH = 3;

export class SecretRedactor {
  private secrets: string[] = [];

  add(secret: string | null | undefined): void {
    if (!secret || secret.length < MIN_SCRUB_LENGTH) return;
    const strictlyEncoded = encodeURIComponent(secret).replace(
      /[!'()*]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
    );
    const forms = new Set([
      secret,
      encodeURIComponent(secret),
      strictlyEncoded,
      Buffer.from(secret).toString('base64'),
    ]);
    for (const form of forms) if (!this.secrets.includes(form)) this.secrets.push(form);
    // Longest first, so a secret containing another is replaced whole.
    this.secrets.sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  }
}

/** The password part of `auth = "<id>:<password>"` (split at the first colon, §2.3). */
export function splitAuth(auth: string): { user: string; password: string } {
  const colon = auth.indexOf(':');
  if (colon < 0) return { user: '', password: '' };
  return { user: auth.slice(0, colon), password: auth.slice(colon + 1) };
}

/** A URL for display: user info replaced, so `http://u:p@proxy:3128` → `http://***@proxy:3128`. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)([^/?#@]*)@/, `$1${REDACTED}@`);
}

/** A redactor loaded with every secret a config holds. */
export function redactorFor(options: {
  auth: string;
  passwordOverride?: string | undefined;
  proxy: string;
  headers: readonly string[];
}): SecretRedactor {
  const r = new SecretRedactor();
  // Without a colon Go logs in with an empty id and password; the text is then most likely a password
  // typed without its id, and is scrubbed as one.
  r.add(options.auth.includes(':') ? splitAuth(options.auth).password : options.auth);
  r.add(options.passwordOverride);
  if (options.proxy) {
    try {
      const u = new URL(options.proxy);
      r.add(decodeURIComponent(u.password));
      r.add(u.password);
      if (u.username && u.password) r.add(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`);
    } catch {
      // An unparsable proxy URL is reported by the dialer; scrub its user info as text.
      const m = /:\/\/([^/?#@]*)@/.exec(options.proxy);
      if (m?.[1]) r.add(m[1].split(':').slice(1).join(':'));
    }
  }
  for (const header of options.headers) {
    const colon = header.indexOf(':');
    if (colon > 0 && isCredentialHeader(header.slice(0, colon))) r.add(header.slice(colon + 1).trim());
  }
  return r;
}
