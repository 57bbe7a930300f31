// Which parts of a config are secret, the one list every place uses (the log scrubber, the engine's
// redactor, the window's config text and form, diagnostics, `config get`, the editor's refusal of a mask):
// - the password in `client.auth`, and all of an auth without a colon (a password typed without its id);
// - the user info of the `client.server`, `client.fallback_servers` and `client.proxy` URLs;
// - the values of credential headers in `connection.headers`.
import type { RportConfig } from '../types/config-types';
import { isCredentialHeader } from './credential-header';
import { SECRET_MASK } from './secret-mask';
import { redactUrl, urlSecrets } from './url-credentials';

export const SECRET_FIELDS = [
  'client.auth',
  'client.server',
  'client.fallback_servers',
  'client.proxy',
  'connection.headers',
] as const;
export type SecretField = (typeof SECRET_FIELDS)[number];

/** `section.key` (any case, as the Go client reads keys) names a field that may hold a secret. */
export function isSecretField(dotted: string): boolean {
  return (SECRET_FIELDS as readonly string[]).includes(dotted.toLowerCase());
}

/**
 * How the Go client logs in with `auth` (split at the first colon, §2.3): without a colon both the id
 * and the password are empty. Which part is secret is authSecret's question, not this one's.
 */
export function splitAuth(auth: string): { user: string; password: string } {
  const colon = auth.indexOf(':');
  if (colon < 0) return { user: '', password: '' };
  return { user: auth.slice(0, colon), password: auth.slice(colon + 1) };
}

/** The secret in `auth`: the part after the first colon, or the whole text when it has no colon. */
export function authSecret(auth: string): string {
  // Without a colon indexOf is -1: the slice starts at 0, the whole text.
  return auth.slice(auth.indexOf(':') + 1);
}

/** `id:password` → `id:********`, `password` → `********`; `id:` (password elsewhere) and `` are kept. */
export function maskAuth(auth: string): string {
  if (authSecret(auth) === '') return auth;
  // `id:` is kept before the mask; without a colon the kept part is empty.
  return `${auth.slice(0, auth.indexOf(':') + 1)}${SECRET_MASK}`;
}

/** A credential header's name and value; also `Authorization Bearer …` with its colon forgotten. */
function credentialHeader(header: string): { name: string; separator: string; value: string } | null {
  const colon = header.indexOf(':');
  if (colon >= 0) {
    const name = header.slice(0, colon);
    return isCredentialHeader(name) ? { name, separator: ': ', value: header.slice(colon + 1).trim() } : null;
  }
  // `s`: a value running over a line break (a TOML `\n` escape) is still all value.
  const loose = /^(\s*(\S+))\s+(\S.*)$/s.exec(header);
  if (!loose?.[2] || !isCredentialHeader(loose[2])) return null;
  return { name: loose[1] ?? '', separator: ' ', value: (loose[3] ?? '').trim() };
}

/** `Authorization: Bearer x` → `Authorization: ********`; other headers are kept. */
export function maskHeader(header: string): string {
  const found = credentialHeader(header);
  return found === null || found.value === '' ? header : `${found.name}${found.separator}${SECRET_MASK}`;
}

function headerSecrets(header: string): string[] {
  const value = credentialHeader(header)?.value ?? '';
  if (value === '') return [];
  // `Bearer <token>`, `Basic <base64>`: the token alone may be quoted too.
  const scheme = /^\S+\s+(\S+)$/.exec(value);
  return scheme?.[1] ? [value, scheme[1]] : [value];
}

/** One value of a secret field: masked, and the literal secrets it holds (for scrubbing text). */
export function maskField(field: SecretField, value: string): { masked: string; secrets: string[] } {
  switch (field) {
    case 'client.auth': {
      const secret = authSecret(value);
      return { masked: maskAuth(value), secrets: secret === '' ? [] : [secret] };
    }
    case 'connection.headers':
      return { masked: maskHeader(value), secrets: headerSecrets(value) };
    default:
      return { masked: redactUrl(value), secrets: urlSecrets(value) };
  }
}

type Table = Record<string, unknown>;

const isTable = (value: unknown): value is Table =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);

/** The name a table uses for `name`, matched case-insensitively like the Go client. */
const nameIn = (table: Table, name: string): string | undefined =>
  Object.keys(table).find((key) => key.toLowerCase() === name);

/**
 * Applies `fn` to every string of every secret field of a config-shaped table (a parsed TOML document
 * or an RportConfig; keys in any case; list items one by one) and writes back what changed; true if any did.
 */
export function mapSecretFields(table: Table, fn: (field: SecretField, value: string) => string): boolean {
  let changed = false;
  for (const field of SECRET_FIELDS) {
    const [sectionName = '', keyName = ''] = field.split('.');
    const section = nameIn(table, sectionName);
    const sectionValue = section === undefined ? undefined : table[section];
    if (!isTable(sectionValue)) continue;
    const key = nameIn(sectionValue, keyName);
    if (key === undefined) continue;
    const value = sectionValue[key];
    if (typeof value === 'string') {
      const next = fn(field, value);
      if (next !== value) {
        sectionValue[key] = next;
        changed = true;
      }
    } else if (Array.isArray(value)) {
      value.forEach((item: unknown, index) => {
        if (typeof item !== 'string') return;
        const next = fn(field, item);
        if (next !== item) {
          value[index] = next;
          changed = true;
        }
      });
    }
  }
  return changed;
}

/** The literal secrets of a config: every secret field, and a password kept outside the file. */
export function configSecrets(config: RportConfig, passwordOverride?: string): string[] {
  const secrets: string[] = [];
  mapSecretFields(config as unknown as Table, (field, value) => {
    secrets.push(...maskField(field, value).secrets);
    return value;
  });
  if (passwordOverride) secrets.push(passwordOverride);
  return unique(secrets);
}

/** The fields of a config that hold a secret, in SECRET_FIELDS order. */
export function secretFieldsIn(config: RportConfig): SecretField[] {
  const fields = new Set<SecretField>();
  mapSecretFields(config as unknown as Table, (field, value) => {
    if (maskField(field, value).secrets.length > 0) fields.add(field);
    return value;
  });
  return [...fields];
}

/** A copy of the config with every secret masked. */
export function maskConfig(config: RportConfig): RportConfig {
  const copy = structuredClone(config);
  mapSecretFields(copy as unknown as Table, (field, value) => maskField(field, value).masked);
  return copy;
}

/** Each secret once (no mask helper yields an empty one). */
export function unique(values: Iterable<string>): string[] {
  return [...new Set(values)];
}
