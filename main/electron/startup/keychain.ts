// The OS keychain for the client password (safeStorage, Linux's unprotected basic_text refused). Not
// having one is not an error: the password then stays in rport.conf, and the log says why.
import path from 'node:path';
import type { SecretStore } from '../../config/secret-store';
import { SafeStorageSecretStore, type SafeStorageApi } from '../storage/safe-storage-secret-store';
import type { DesktopLog } from './desktop-state';

export async function setupKeychain(
  safeStorage: SafeStorageApi,
  userDataDir: string,
  platform: NodeJS.Platform,
  log: DesktopLog,
): Promise<SecretStore> {
  const store = await SafeStorageSecretStore.open(safeStorage, path.join(userDataDir, 'secrets.json'), platform);
  if (!store.isAvailable()) log('warn', `passwords stay in rport.conf: ${store.unavailableReason()}`);
  return store;
}
