// App preferences in the app: the config service's Preferences over electron-store, in userData.
// electron-store answers a synchronous `electron-store-get-data` IPC message from any renderer (for
// renderer-side stores we do not use); that listener is removed so no page can ask main for anything
// outside the contract.

import type { IpcMain } from 'electron';
import { Preferences } from '../../config/preferences';
import { importWithoutSignalHooks } from '../../shared/import-without-signal-hooks';

const ELECTRON_STORE_CHANNEL = 'electron-store-get-data';

export interface PreferencesStoreFactory {
  new (options: { cwd: string; name: string; configFileMode: number }): { store: Record<string, unknown> };
}

export function openElectronPreferences(
  userDataDir: string,
  ipcMain: Pick<IpcMain, 'removeAllListeners'>,
  Store: PreferencesStoreFactory,
): Preferences {
  // An absolute cwd: the same folder electron-store would pick, stated so tests and the app agree.
  const store = new Store({ cwd: userDataDir, name: 'preferences', configFileMode: 0o600 });
  ipcMain.removeAllListeners(ELECTRON_STORE_CHANNEL);
  return new Preferences(store);
}

/** electron-store without the signal handlers its `when-exit` dependency installs (the app quits cleanly). */
export async function loadElectronStore(): Promise<PreferencesStoreFactory> {
  const { default: ElectronStore } = await importWithoutSignalHooks(() => import('electron-store'));
  return ElectronStore as unknown as PreferencesStoreFactory;
}
