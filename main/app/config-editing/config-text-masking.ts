// Masks the secrets in a config text before the window sees it, and puts them back when the window
// sends the text to be checked or saved. The window never holds a secret; a user who retypes one (form
// or raw text) replaces it. Secrets: the password in `auth`, passwords in URLs (proxy, servers), and the
// values of authentication-like headers.
import { patch } from '@decimalturn/toml-patch';
import { isCredentialHeader } from '../../shared/secrets/credential-header';
import { getKey, setKey, tryParseToml, type TomlTable } from './toml-keys';

export const SECRET_MASK = '********';

/** Keys whose string values (or list items) may hold a secret. */
const SECRET_KEYS = ['client.auth', 'client.proxy', 'client.server', 'client.fallback_servers', 'connection.headers'];

/** A quoted `"Name: value"` item, as a header appears in `connection.headers`, found without parsing. */
const QUOTED_HEADER = /(["'])([^"':\n]+):([^"'\n]*)\1/g;
const URL_CREDENTIALS = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^:/@\s]*:)([^@\s]+)(@.*)$/;

/** The masked form of one value at `key`, and the secret it hides (null when it hides none). */
export function maskValue(key: string, value: string): { masked: string; secret: string | null } {
  if (key === 'client.auth') {
    const colon = value.indexOf(':');
    if (colon < 0 || colon === value.length - 1) return { masked: value, secret: null };
    return { masked: `${value.slice(0, colon)}:${SECRET_MASK}`, secret: value.slice(colon + 1) };
  }
  if (key === 'connection.headers') {
    const colon = value.indexOf(':');
    if (colon < 0 || !isCredentialHeader(value.slice(0, colon).trim())) return { masked: value, secret: null };
    const secret = value.slice(colon + 1).trim();
    return secret ? { masked: `${value.slice(0, colon)}: ${SECRET_MASK}`, secret } : { masked: value, secret: null };
  }
  const match = URL_CREDENTIALS.exec(value);
  if (!match || !match[2]) return { masked: value, secret: null };
  return { masked: `${match[1]}${SECRET_MASK}${match[3]}`, secret: decodeSafe(match[2]) };
}

/** The text with every secret replaced by the mask (comments and layout kept). */
export function maskSecrets(text: string): string {
  const table = tryParseToml(text);
  if (table === null) return maskUnparsable(text);
  const changed = mapSecretValues(table, (key, value) => maskValue(key, value).masked);
  return changed ? patch(text, table) : text;
}

/**
 * The text with masked values replaced by the real ones from `diskText`. A masked `auth` takes
 * `password` when one was typed in the form, else the password on disk (also when the ID changed).
 * A mask with no secret behind it stays; hasUnresolvedMask reports it.
 */
export function restoreSecrets(text: string, diskText: string | null, password: string | null): string {
  const table = tryParseToml(text);
  if (table === null) return text;
  const originals = new Map<string, string>();
  const disk = diskText === null ? null : tryParseToml(diskText);
  if (disk) {
    mapSecretValues(disk, (key, value) => {
      const { masked } = maskValue(key, value);
      if (masked !== value) originals.set(`${key}\u0000${masked}`, value);
      return value;
    });
  }
  const diskPassword = disk ? maskValue('client.auth', String(getKey(disk, 'client.auth') ?? '')).secret : null;
  const changed = mapSecretValues(table, (key, value) => {
    if (!value.includes(SECRET_MASK)) return value;
    if (key === 'client.auth' && value.endsWith(`:${SECRET_MASK}`)) {
      const known = password ?? diskPassword;
      return known === null ? value : `${value.slice(0, value.length - SECRET_MASK.length)}${known}`;
    }
    return originals.get(`${key}\u0000${value}`) ?? value;
  });
  return changed ? patch(text, table) : text;
}

/** Keys whose value still holds a mask (its secret is unknown here). */
export function unresolvedMasks(text: string): string[] {
  const table = tryParseToml(text);
  if (table === null) return [];
  const keys = new Set<string>();
  mapSecretValues(table, (key, value) => {
    if (value.includes(SECRET_MASK)) keys.add(key);
    return value;
  });
  return [...keys];
}

/** Every secret in a text, for the outgoing scrubber. */
export function secretValues(text: string | null): string[] {
  if (text === null) return [];
  const table = tryParseToml(text);
  const found: string[] = [];
  if (table === null) {
    // Not valid TOML: still find the usual suspects by line so they stay guarded.
    for (const match of text.matchAll(/^\s*auth\s*=\s*["'][^:"'\n]*:([^"'\n]+)["']/gm))
      if (match[1]) found.push(match[1]);
    for (const match of text.matchAll(/[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^:/@\s"']*:([^@\s"']+)@/g))
      if (match[1]) found.push(decodeSafe(match[1]));
    for (const match of text.matchAll(QUOTED_HEADER)) {
      const value = match[3]?.trim();
      if (value && isCredentialHeader(match[2]?.trim() ?? '')) found.push(value);
    }
    return found;
  }
  mapSecretValues(table, (key, value) => {
    const { secret } = maskValue(key, value);
    if (secret) found.push(secret);
    return value;
  });
  return found;
}

/** Applies `fn` to every string at a secret-bearing key (list items one by one); true if any changed. */
function mapSecretValues(table: TomlTable, fn: (key: string, value: string) => string): boolean {
  let changed = false;
  for (const key of SECRET_KEYS) {
    const value = getKey(table, key);
    if (typeof value === 'string') {
      const next = fn(key, value);
      if (next !== value) {
        setKey(table, key, next);
        changed = true;
      }
    } else if (Array.isArray(value)) {
      const next = value.map((item) => (typeof item === 'string' ? fn(key, item) : item));
      if (next.some((item, i) => item !== value[i])) {
        setKey(table, key, next);
        changed = true;
      }
    }
  }
  return changed;
}

// A file that is not valid TOML cannot be patched; mask by line so its secrets still stay on this side.
function maskUnparsable(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line
        .replace(/^(\s*auth\s*=\s*["'][^:"'\n]*:)[^"'\n]+/, `$1${SECRET_MASK}`)
        .replace(/([a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^:/@\s"']*:)[^@\s"']+(@)/g, `$1${SECRET_MASK}$2`)
        // The same header names as in a parsed file (isCredentialHeader), not a shorter list.
        .replace(QUOTED_HEADER, (item, quote: string, name: string, value: string) =>
          isCredentialHeader(name.trim()) && value.trim() !== '' ? `${quote}${name}: ${SECRET_MASK}${quote}` : item,
        ),
    )
    .join('\n');
}

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
