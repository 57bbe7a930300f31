// Masks the secrets in a config text before the window sees it, and puts them back when the window
// sends the text to be checked or saved. The window never holds the password; a user who retypes it
// (form or raw text) replaces it.
import { patch } from '@decimalturn/toml-patch';
import { getKey, setKey, tryParseToml } from './toml-keys';

export const SECRET_MASK = '********';

export interface ConfigSecrets {
  /** The part of `client.auth` after the first colon; null when there is none. */
  password: string | null;
  /** The password inside `client.proxy` (user:pass@host); null when there is none. */
  proxyPassword: string | null;
}

const PROXY_CREDENTIALS = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^:/@]*:)([^@]*)(@.*)$/;

export function readSecrets(text: string | null): ConfigSecrets {
  const table = text === null ? null : tryParseToml(text);
  // A file that is not valid TOML still holds its secrets: find them by line so they stay guarded.
  const auth = table ? getKey(table, 'client.auth') : text ? lineValue(text, 'auth') : undefined;
  const proxy = table ? getKey(table, 'client.proxy') : text ? lineValue(text, 'proxy') : undefined;
  return {
    password: typeof auth === 'string' && auth.includes(':') ? auth.slice(auth.indexOf(':') + 1) || null : null,
    proxyPassword: typeof proxy === 'string' ? (PROXY_CREDENTIALS.exec(proxy)?.[2] ?? null) || null : null,
  };
}

export function maskAuth(auth: string): string {
  const colon = auth.indexOf(':');
  return colon < 0 || colon === auth.length - 1 ? auth : `${auth.slice(0, colon)}:${SECRET_MASK}`;
}

export function maskProxy(proxy: string): string {
  return proxy.replace(PROXY_CREDENTIALS, (_all, head: string, pass: string, tail: string) =>
    pass ? `${head}${SECRET_MASK}${tail}` : `${head}${tail}`,
  );
}

/** The text with the password and proxy password replaced by the mask (comments and layout kept). */
export function maskSecrets(text: string): string {
  const table = tryParseToml(text);
  if (table === null) return maskUnparsable(text);
  const auth = getKey(table, 'client.auth');
  const proxy = getKey(table, 'client.proxy');
  let changed = false;
  if (typeof auth === 'string' && maskAuth(auth) !== auth) {
    setKey(table, 'client.auth', maskAuth(auth));
    changed = true;
  }
  if (typeof proxy === 'string' && maskProxy(proxy) !== proxy) {
    setKey(table, 'client.proxy', maskProxy(proxy));
    changed = true;
  }
  return changed ? patch(text, table) : text;
}

/**
 * The text with masked values replaced by the real ones. `password` is the one to use for a masked
 * `auth` (the one typed in the form, else the one on disk). A mask with no known secret stays, and the
 * caller reports it.
 */
export function restoreSecrets(text: string, secrets: ConfigSecrets): string {
  const table = tryParseToml(text);
  if (table === null) return text;
  const auth = getKey(table, 'client.auth');
  const proxy = getKey(table, 'client.proxy');
  let changed = false;
  if (typeof auth === 'string' && auth.endsWith(`:${SECRET_MASK}`) && secrets.password !== null) {
    setKey(table, 'client.auth', `${auth.slice(0, auth.length - SECRET_MASK.length)}${secrets.password}`);
    changed = true;
  }
  if (typeof proxy === 'string' && secrets.proxyPassword !== null) {
    const match = PROXY_CREDENTIALS.exec(proxy);
    if (match && match[2] === SECRET_MASK) {
      setKey(table, 'client.proxy', `${match[1]}${secrets.proxyPassword}${match[3]}`);
      changed = true;
    }
  }
  return changed ? patch(text, table) : text;
}

/** True when a text still holds a mask where a secret belongs (the secret is unknown). */
export function hasUnresolvedMask(text: string): { auth: boolean; proxy: boolean } {
  const table = tryParseToml(text);
  const auth = table ? getKey(table, 'client.auth') : undefined;
  const proxy = table ? getKey(table, 'client.proxy') : undefined;
  return {
    auth: typeof auth === 'string' && auth.endsWith(`:${SECRET_MASK}`),
    proxy: typeof proxy === 'string' && PROXY_CREDENTIALS.exec(proxy)?.[2] === SECRET_MASK,
  };
}

// A file that is not valid TOML cannot be patched; mask by line so its secrets still stay on this side.
function maskUnparsable(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line
        .replace(/^(\s*auth\s*=\s*["'][^:"'\n]*:)[^"'\n]*/, `$1${SECRET_MASK}`)
        .replace(/^(\s*proxy\s*=\s*["'][a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^:/@"'\n]*:)[^@"'\n]*(@)/, `$1${SECRET_MASK}$2`),
    )
    .join('\n');
}

function lineValue(text: string, key: string): string | undefined {
  const match = new RegExp(`^\\s*${key}\\s*=\\s*(["'])(.*)\\1\\s*(#.*)?$`, 'm').exec(text);
  return match?.[2];
}
