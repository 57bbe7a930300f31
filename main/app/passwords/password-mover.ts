// Moving the client password between rport.conf and the OS keychain. Into the keychain: the config
// module's move (keychain first, file rewritten to `id:` with its comments, no backup left holding the
// password). Back to the file: the keychain's password written into `auth` (a normal validated, atomic
// save), then the keychain entry removed.
import type { PasswordStorage } from '../../shared/contract';
import type { ConfigPort, KeychainPort } from '../core/app-ports';
import { AppError } from '../core/app-error';
import { passwordStorageOf, withPasswordInFile } from './password-storage';

export interface PasswordMove {
  storage: Exclude<PasswordStorage, 'none'>;
  keychain: KeychainPort;
  config: ConfigPort;
  configPath: string;
}

/** Returns false when the password already is where it was asked to be. */
export async function movePassword({ storage, keychain, config, configPath }: PasswordMove): Promise<boolean> {
  const text = await config.readText(configPath);
  if (text === null) throw new AppError('invalid-state', 'there is no config yet: finish the setup first');
  const current = passwordStorageOf(text);
  if (current === storage) return false;
  if (current === 'none') throw new AppError('invalid-state', 'the config has no client password (auth) to move');
  if (storage === 'keychain') {
    const moved = await keychain.moveToKeychain();
    if (!moved.moved) throw new AppError('invalid-state', `the password was not moved: ${moved.reason ?? ''}`);
    return true;
  }
  const password = await keychain.getPassword();
  if (password === null) {
    throw new AppError(
      'invalid-state',
      'the system keychain holds no password for this config: type it in the Config view instead',
    );
  }
  await config.saveText(configPath, withPasswordInFile(text, password));
  await keychain.deletePassword();
  return true;
}
