// Where the client password of a config text is: in the file (`auth = "id:password"`), in the OS
// keychain (`auth = "id:"`, the password handed to the engine in memory), or nowhere yet.
import type { PasswordStorage } from '../../shared/contract';
import { authExpectsKeychain } from '../../config/config-secrets';
import { applyConfigEdits } from '../../config/toml-editor';
import { getKey, tryParseToml } from '../config-editing/toml-keys';

export function authOf(text: string | null): string | null {
  if (text === null) return null;
  const table = tryParseToml(text);
  if (table === null) return null;
  const auth = getKey(table, 'client.auth');
  return typeof auth === 'string' ? auth : null;
}

export function passwordStorageOf(text: string | null): PasswordStorage {
  const auth = authOf(text);
  if (auth === null || !auth.includes(':')) return 'none';
  return authExpectsKeychain(auth) ? 'keychain' : 'file';
}

/** The text with the keychain's password written back into `auth` (comments and layout kept). */
export function withPasswordInFile(text: string, password: string): string {
  const auth = authOf(text);
  if (auth === null || !authExpectsKeychain(auth)) throw new Error('client.auth does not leave its password out');
  return applyConfigEdits(text, [{ op: 'set', key: 'client.auth', value: `${auth}${password}` }]);
}
