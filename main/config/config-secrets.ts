// The client password kept in the OS keychain instead of rport.conf: the file then says `auth = "id:"`
// (id, colon, nothing) and the engine gets the password in memory as `passwordOverride`.
import path from 'node:path';
import { readFile, unlink } from 'node:fs/promises';
import type { RportConfig } from '../shared/types/config-types';
import type { SecretStore } from './secret-store';
import { SecretStoreUnavailableError } from './secret-store';
import { applyConfigEdits } from './toml-editor';
import { writeFileAtomic, backupPathFor } from './atomic-write';
import { isTomlTable, readToml, type TomlTable } from './toml-source';

/** `id:` with an empty password: the password is expected in the keychain. */
export function authExpectsKeychain(auth: string): boolean {
  const colon = auth.indexOf(':');
  return colon > 0 && colon === auth.length - 1;
}

export const secretKeyFor = (configPath: string): string => path.resolve(configPath);

/** The password to hand the engine in memory, when the file leaves it to the keychain. */
export async function passwordOverrideFor(
  config: RportConfig,
  configPath: string,
  store: SecretStore,
): Promise<string | undefined> {
  if (!authExpectsKeychain(config.client.auth) || !store.isAvailable()) return undefined;
  return (await store.getPassword(secretKeyFor(configPath))) ?? undefined;
}

export interface MovePasswordResult {
  moved: boolean;
  /** Why nothing was moved. */
  reason?: string;
}

/**
 * Moves the password of `client.auth` from the file into the keychain and rewrites `auth` to `id:`,
 * keeping the file's comments. The keychain is written first, so a failure leaves the file as it was;
 * if the file cannot be written, the keychain entry is removed again.
 */
export async function movePasswordToKeychain(configPath: string, store: SecretStore): Promise<MovePasswordResult> {
  if (!store.isAvailable()) throw new SecretStoreUnavailableError(store.unavailableReason() ?? 'unknown reason');
  const text = await readFile(configPath, 'utf8');
  const read = readToml(text);
  if (!read.ok) return { moved: false, reason: `the file is not valid TOML (line ${read.line})` };
  // Keys match case-insensitively, as the Go client reads them.
  const named = (table: TomlTable, name: string) => Object.entries(table).find(([k]) => k.toLowerCase() === name)?.[1];
  const client = named(read.data, 'client');
  const auth = isTomlTable(client) ? named(client, 'auth') : undefined;
  if (typeof auth !== 'string' || !auth.includes(':'))
    return { moved: false, reason: 'client.auth holds no id:password' };
  const colon = auth.indexOf(':');
  const password = auth.slice(colon + 1);
  if (password === '') return { moved: false, reason: 'the password is already kept outside the file' };
  const key = secretKeyFor(configPath);
  await store.setPassword(key, password);
  try {
    const updated = applyConfigEdits(text, [{ op: 'set', key: 'client.auth', value: auth.slice(0, colon + 1) }]);
    await writeFileAtomic(configPath, updated, { backupPath: null });
  } catch (err) {
    await store.deletePassword(key).catch(() => undefined);
    throw err;
  }
  // No backup of this write (it would keep the password on disk), and an older backup holding the
  // password goes too.
  const backup = backupPathFor(configPath);
  const backupText = await readFile(backup, 'utf8').catch(() => null);
  if (backupText !== null && backupText.includes(password)) await unlink(backup).catch(() => undefined);
  return { moved: true };
}
