// The config service's SecretStore over Electron's safeStorage (OS keychain: DPAPI, Keychain, libsecret
// or KWallet). The encrypted blobs sit in one JSON file in userData, keyed by config path; only the OS
// keychain can turn them back into passwords. On Linux the `basic_text` backend means no keychain was
// found and Chromium would "encrypt" with a hard-coded key: refuse it rather than pretend.

import fs from 'node:fs/promises';
import type { SafeStorage } from 'electron';
import path from 'node:path';
import { SecretStoreUnavailableError, type SecretStore } from '../../config/secret-store';

export type SafeStorageApi = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>;

interface SecretsFile {
  version: 1;
  /** config path → base64 of safeStorage's ciphertext */
  passwords: Record<string, string>;
}

export const BASIC_TEXT_REFUSAL =
  'no OS keychain was found (Electron would fall back to its "basic_text" store, which is not encrypted ' +
  'with a secret of yours). Install and unlock GNOME Keyring or KWallet, or keep the password in rport.conf.';

export class SafeStorageSecretStore implements SecretStore {
  private constructor(
    private readonly safeStorage: SafeStorageApi,
    private readonly file: string,
    private readonly reason: string | null,
  ) {}

  /** Call after app `ready`: the async encryptor initialises lazily and the Linux backend is known then. */
  static async open(
    safeStorage: SafeStorageApi,
    file: string,
    platform: NodeJS.Platform = process.platform,
  ): Promise<SafeStorageSecretStore> {
    let reason: string | null = null;
    try {
      if (!(await safeStorage.isAsyncEncryptionAvailable())) reason = 'the OS keychain reports encryption unavailable';
      else if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
        reason = BASIC_TEXT_REFUSAL;
      }
    } catch (error) {
      reason = `the OS keychain could not be reached: ${error instanceof Error ? error.message : String(error)}`;
    }
    return new SafeStorageSecretStore(safeStorage, file, reason);
  }

  isAvailable(): boolean {
    return this.reason === null;
  }

  unavailableReason(): string | null {
    return this.reason;
  }

  async getPassword(configPath: string): Promise<string | null> {
    if (this.reason !== null) return null;
    const data = await this.read();
    const blob = data.passwords[configPath];
    if (blob === undefined) return null;
    const { result, shouldReEncrypt } = await this.safeStorage.decryptStringAsync(Buffer.from(blob, 'base64'));
    // The keychain rotated its key: store the password again under the new one.
    if (shouldReEncrypt) await this.setPassword(configPath, result);
    return result;
  }

  async setPassword(configPath: string, password: string): Promise<void> {
    if (this.reason !== null) throw new SecretStoreUnavailableError(this.reason);
    const encrypted = await this.safeStorage.encryptStringAsync(password);
    const data = await this.read();
    data.passwords[configPath] = encrypted.toString('base64');
    await this.write(data);
  }

  async deletePassword(configPath: string): Promise<void> {
    const data = await this.read();
    if (!(configPath in data.passwords)) return;
    delete data.passwords[configPath];
    await this.write(data);
  }

  private async read(): Promise<SecretsFile> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, passwords: {} };
      throw error;
    }
    try {
      const parsed = JSON.parse(text) as Partial<SecretsFile>;
      if (parsed.version === 1 && parsed.passwords && typeof parsed.passwords === 'object') {
        return { version: 1, passwords: { ...parsed.passwords } };
      }
    } catch {
      // reported below
    }
    throw new Error(`${this.file}: not a secrets file this app wrote (it is left as it is)`);
  }

  private async write(data: SecretsFile): Promise<void> {
    // Temp file + rename: a crash never leaves half a secrets file. Owner-only, like the config.
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await fs.writeFile(tmp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
    await fs.rename(tmp, this.file);
  }
}
