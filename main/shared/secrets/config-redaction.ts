// Secrets out of configs before they reach a log, the renderer or a diagnostics export: the password in
// `auth`, the password in a proxy URL, and the values of authentication-like headers.
import { isCredentialHeader } from './credential-header';
import type { RportConfig } from '../types/config-types';

export const REDACTED = 'REDACTED';

export function redactAuth(auth: string): string {
  const colon = auth.indexOf(':');
  if (colon < 0) return auth === '' ? '' : REDACTED;
  return colon === auth.length - 1 ? auth : `${auth.slice(0, colon + 1)}${REDACTED}`;
}

/** `scheme://user:password@host` → `scheme://user:REDACTED@host` (anywhere in a text). */
export function redactUrlCredentials(text: string): string {
  return text.replace(/([a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s:/@'"]*:)([^\s@/'"]+)(@)/g, `$1${REDACTED}$3`);
}

export function redactHeader(header: string): string {
  const colon = header.indexOf(':');
  if (colon < 0) {
    // Not a valid header, but `Authorization Bearer …` (the colon forgotten) still carries a credential.
    const name = /^\s*(\S+)\s+\S/.exec(header)?.[1];
    return name !== undefined && isCredentialHeader(name) ? `${name} ${REDACTED}` : header;
  }
  const name = header.slice(0, colon).trim();
  return isCredentialHeader(name) ? `${header.slice(0, colon + 1)} ${REDACTED}` : header;
}

/** A copy of the config with every secret replaced by REDACTED. */
export function redactConfig(config: RportConfig): RportConfig {
  const copy = structuredClone(config);
  copy.client.auth = redactAuth(copy.client.auth);
  copy.client.proxy = redactUrlCredentials(copy.client.proxy);
  copy.client.fallback_servers = copy.client.fallback_servers.map(redactUrlCredentials);
  copy.client.server = redactUrlCredentials(copy.client.server);
  copy.connection.headers = copy.connection.headers.map(redactHeader);
  return copy;
}

const AUTH_LINE = /^(\s*#?\s*(?:[\w-]+\s*\.\s*)?auth\s*=\s*)("""|'''|"|')([^:"']*:)?(.*?)(\2)(.*)$/i;
const AUTH_ASSIGNMENT = /^\s*#?\s*(?:[\w-]+\s*\.\s*)?auth\s*=/i;
const HEADER_ITEM = /(["'])([^"':]+):([^"']*)\1/g;

/**
 * The same on raw TOML text, line by line so it works on text that is not valid TOML too, and in
 * comments (an old password left in a comment is still a password). Comments and layout are kept.
 */
export function redactConfigText(text: string): string {
  return text
    .split(/(?<=\n)/)
    .map((full) => {
      const eol = /\r?\n$/.exec(full)?.[0] ?? '';
      let out = full.slice(0, full.length - eol.length);
      const parsedAuth = AUTH_LINE.exec(out);
      const auth = parsedAuth && /^\s*(#.*)?$/.test(parsedAuth[6] ?? '') ? parsedAuth : null;
      const assignsAuth = AUTH_ASSIGNMENT.exec(out);
      if (!auth && assignsAuth) {
        // Not a well-formed value (a broken file): drop everything after `=`, it may hold the password.
        out = `${assignsAuth[0]} ${REDACTED}`;
      }
      if (auth) {
        const [, head, quote, id, secret, , tail] = auth;
        if (id !== undefined && secret !== '') out = `${head}${quote}${id}${REDACTED}${quote}${tail}`;
        else if (id === undefined && secret !== '') out = `${head}${quote}${REDACTED}${quote}${tail}`;
      }
      out = redactUrlCredentials(out);
      if (!auth && !assignsAuth) {
        out = out.replace(HEADER_ITEM, (match, quote: string, name: string) =>
          /^[A-Za-z0-9-]+$/.test(name.trim()) && isCredentialHeader(name)
            ? `${quote}${name}: ${REDACTED}${quote}`
            : match,
        );
      }
      return out + eol;
    })
    .join('');
}
