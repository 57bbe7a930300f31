import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import {
  BASIC_TEXT_REFUSAL,
  SafeStorageSecretStore,
  type SafeStorageApi,
} from '../../../main/electron/storage/safe-storage-secret-store';
import {
  openElectronPreferences,
  type PreferencesStoreFactory,
} from '../../../main/electron/storage/electron-preferences';
import { SecretStoreUnavailableError } from '../../../main/config/secret-store';
import { DEFAULT_PREFERENCES } from '../../../main/config/preferences';

// A stand-in keychain: reversible, but nothing like the plain text, so the file is checked for leaks.
const fakeSafeStorage = (over: Partial<SafeStorageApi> = {}): SafeStorageApi & { rotate: boolean } => {
  const state = { rotate: false };
  return Object.assign(state, {
    isAsyncEncryptionAvailable: async () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret' as const,
    encryptStringAsync: async (plain: string) => Buffer.from(`enc:${Buffer.from(plain).toString('hex')}`),
    decryptStringAsync: async (data: Buffer) => ({
      result: Buffer.from(data.toString().replace(/^enc:/, ''), 'hex').toString(),
      shouldReEncrypt: state.rotate,
    }),
    ...over,
  });
};

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rport-secrets-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('SafeStorageSecretStore', () => {
  it('keeps passwords encrypted per config path in an owner-only file', async () => {
    const file = path.join(dir, 'secrets.json');
    const store = await SafeStorageSecretStore.open(fakeSafeStorage(), file, 'linux');
    expect(store.isAvailable()).toBe(true);
    expect(await store.getPassword('/a/rport.conf')).toBeNull();
    await store.setPassword('/a/rport.conf', 'hunter2');
    await store.setPassword('/b/rport.conf', 'other');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain('hunter2');
    expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');
    expect(await store.getPassword('/a/rport.conf')).toBe('hunter2');
    await store.deletePassword('/a/rport.conf');
    expect(await store.getPassword('/a/rport.conf')).toBeNull();
    expect(await store.getPassword('/b/rport.conf')).toBe('other');
    expect(fs.readdirSync(dir)).toEqual(['secrets.json']);
  });

  it('re-encrypts when the keychain says its key rotated', async () => {
    const safe = fakeSafeStorage();
    const encrypt = vi.spyOn(safe, 'encryptStringAsync');
    const store = await SafeStorageSecretStore.open(safe, path.join(dir, 's.json'), 'win32');
    await store.setPassword('/c', 'pw');
    safe.rotate = true;
    expect(await store.getPassword('/c')).toBe('pw');
    expect(encrypt).toHaveBeenCalledTimes(2);
  });

  it("refuses Linux's basic_text backend with a message that says what to do", async () => {
    const store = await SafeStorageSecretStore.open(
      fakeSafeStorage({ getSelectedStorageBackend: () => 'basic_text' }),
      path.join(dir, 's.json'),
      'linux',
    );
    expect(store.isAvailable()).toBe(false);
    expect(store.unavailableReason()).toBe(BASIC_TEXT_REFUSAL);
    expect(store.unavailableReason()).toMatch(/GNOME Keyring or KWallet/);
    await expect(store.setPassword('/x', 'pw')).rejects.toBeInstanceOf(SecretStoreUnavailableError);
    expect(await store.getPassword('/x')).toBeNull();
    expect(fs.existsSync(path.join(dir, 's.json'))).toBe(false);
    // basic_text is a Linux notion only
    const mac = await SafeStorageSecretStore.open(
      fakeSafeStorage({ getSelectedStorageBackend: () => 'basic_text' }),
      path.join(dir, 's.json'),
      'darwin',
    );
    expect(mac.isAvailable()).toBe(true);
  });

  it('reports an unavailable or failing keychain instead of throwing at start', async () => {
    const off = await SafeStorageSecretStore.open(
      fakeSafeStorage({ isAsyncEncryptionAvailable: async () => false }),
      path.join(dir, 's.json'),
      'win32',
    );
    expect(off.unavailableReason()).toMatch(/unavailable/);
    const broken = await SafeStorageSecretStore.open(
      fakeSafeStorage({ isAsyncEncryptionAvailable: async () => Promise.reject(new Error('dbus down')) }),
      path.join(dir, 's.json'),
      'linux',
    );
    expect(broken.unavailableReason()).toMatch(/dbus down/);
  });

  it('leaves a foreign file alone and says so', async () => {
    const file = path.join(dir, 's.json');
    fs.writeFileSync(file, '{"something":"else"}');
    const store = await SafeStorageSecretStore.open(fakeSafeStorage(), file, 'linux');
    await expect(store.setPassword('/x', 'pw')).rejects.toThrow(/not a secrets file/);
    expect(fs.readFileSync(file, 'utf8')).toBe('{"something":"else"}');
  });
});

describe('electron-store preferences adapter', () => {
  it('stores preferences under userData with the config schema, and closes electron-store’s IPC door', () => {
    const created: Array<Record<string, unknown>> = [];
    // conf is electron-store's base class with the same API; it runs in plain Node.
    class FakeElectronStore extends Conf<Record<string, unknown>> {
      constructor(options: { cwd: string; name: string; configFileMode: number }) {
        created.push(options);
        super({ cwd: options.cwd, configName: options.name, configFileMode: options.configFileMode });
      }
    }
    const ipcMain = { removeAllListeners: vi.fn() };
    const { preferences: prefs, recovery } = openElectronPreferences(
      dir,
      ipcMain as never,
      FakeElectronStore as unknown as PreferencesStoreFactory,
    );
    expect(recovery).toBeNull();
    expect(created).toEqual([{ cwd: dir, name: 'preferences', configFileMode: 0o600 }]);
    expect(ipcMain.removeAllListeners).toHaveBeenCalledWith('electron-store-get-data');
    expect(prefs.get()).toEqual(DEFAULT_PREFERENCES);
    prefs.update({ iconStyle: 'monochrome' });
    const onDisk = JSON.parse(fs.readFileSync(path.join(dir, 'preferences.json'), 'utf8')) as Record<string, unknown>;
    expect(onDisk.iconStyle).toBe('monochrome');
    expect(() => prefs.update({ iconStyle: 'neon' as never })).toThrow();
  });
});
