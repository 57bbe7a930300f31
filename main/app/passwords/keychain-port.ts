// The app core's keychain port over the config service's SecretStore (Electron: safeStorage; headless:
// none), keyed by the config file like the engine's password override.
import { secretKeyFor } from '../../config/config-secrets';
import type { ConfigService } from '../../config/config-service';
import type { KeychainPort } from '../core/app-ports';

export function serviceKeychain(service: ConfigService): KeychainPort {
  const store = service.secretStore;
  const key = secretKeyFor(service.file);
  return {
    available: () => store.isAvailable(),
    unavailableReason: () => store.unavailableReason(),
    getPassword: () => store.getPassword(key),
    setPassword: (password) => store.setPassword(key, password),
    deletePassword: () => store.deletePassword(key),
    moveToKeychain: () => service.movePasswordToKeychain(),
  };
}
