// The window's side of the secrets rule: the window gets the config text masked (maskConfigText, the one
// rule of main/shared/secrets) and never holds a secret; when it sends a text to be checked or saved, the
// masked values are put back from the file on disk. A user who retypes a secret (form or raw text)
// replaces it; a mask with no secret behind it is refused (unresolvedMasks).
import { tomlPatch } from '../../shared/toml-patch';
import { SECRET_MASK, authSecret, mapSecretFields, maskConfigText, maskField } from '../../shared/secrets';
import { isTable, tryParseToml } from './toml-keys';

/**
 * The text with masked values replaced by the real ones from `diskText`. A masked `auth` takes
 * `password` when one was typed in the form, else the password on disk (also when the ID changed).
 * A masked line the user left as it was (a comment, a line of a file that is not valid TOML) gets the
 * line on disk back. A mask with no secret behind it stays; unresolvedMasks reports it.
 */
export function restoreSecrets(text: string, diskText: string | null, password: string | null): string {
  return restoreMaskedLines(restoreMaskedValues(text, diskText, password), diskText);
}

function restoreMaskedValues(text: string, diskText: string | null, password: string | null): string {
  const table = tryParseToml(text);
  if (table === null) return text;
  const originals = new Map<string, string>();
  let diskPassword: string | null = null;
  const disk = diskText === null ? null : tryParseToml(diskText);
  if (disk) {
    mapSecretFields(disk, (field, value) => {
      const { masked } = maskField(field, value);
      if (masked !== value) originals.set(`${field}\u0000${masked}`, value);
      if (field === 'client.auth' && authSecret(value) !== '') diskPassword = authSecret(value);
      return value;
    });
  }
  const changed = mapSecretFields(table, (field, value) => {
    if (!value.includes(SECRET_MASK)) return value;
    if (field === 'client.auth') {
      const known = password ?? diskPassword;
      if (known === null) return value;
      // `********` is a password written without its id; `id:********` one with it.
      if (value === SECRET_MASK) return known;
      if (value.endsWith(`:${SECRET_MASK}`)) return `${value.slice(0, value.length - SECRET_MASK.length)}${known}`;
    }
    return originals.get(`${field}\u0000${value}`) ?? value;
  });
  return changed ? tomlPatch().patch(text, table) : text;
}

function restoreMaskedLines(text: string, diskText: string | null): string {
  if (diskText === null || !text.includes(SECRET_MASK)) return text;
  const diskLines = diskText.split('\n');
  const maskedLines = maskConfigText(diskText).split('\n');
  // Masking a multi-line value can join lines; then lines no longer pair up and nothing is restored here.
  if (maskedLines.length !== diskLines.length) return text;
  const originals = new Map<string, string | null>();
  maskedLines.forEach((masked, i) => {
    const original = diskLines[i] ?? masked;
    if (masked === original) return;
    // The same masked line over two different originals: which one is meant is unknown.
    originals.set(masked, originals.has(masked) && originals.get(masked) !== original ? null : original);
  });
  return text
    .split('\n')
    .map((line) => (line.includes(SECRET_MASK) ? (originals.get(line) ?? line) : line))
    .join('\n');
}

/**
 * Keys whose value still holds a mask (its secret is unknown here): secret fields, and any other value
 * the masking found a secret in by pattern (a URL's user info, say) and the user then edited.
 */
export function unresolvedMasks(text: string): string[] {
  const table = tryParseToml(text);
  if (table === null) return [];
  const keys = new Set<string>();
  mapSecretFields(table, (field, value) => {
    if (value.includes(SECRET_MASK)) keys.add(field);
    return value;
  });
  const visit = (value: unknown, key: string): void => {
    if (typeof value === 'string' && value.includes(SECRET_MASK)) keys.add(key);
    else if (Array.isArray(value)) value.forEach((item) => visit(item, key));
    else if (isTable(value))
      for (const [name, item] of Object.entries(value)) visit(item, key ? `${key}.${name}` : name);
  };
  visit(table, '');
  return [...keys];
}
