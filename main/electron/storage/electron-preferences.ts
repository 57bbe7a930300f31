// App preferences in the app: the config service's Preferences over electron-store, in userData (an
// unreadable file gives the defaults and is kept aside, as headless: preferences-recovery.ts).
// electron-store answers a synchronous `electron-store-get-data` IPC message from any renderer (for
// renderer-side stores we do not use); that listener is removed so no page can ask main for anything
// outside the contract.

import type { IpcMain } from 'electron';
import path from 'node:path';
import { Preferences, PREFERENCES_FILE, PREFERENCES_NAME } from '../../config/preferences';
import { openRecoveringPreferences, type OpenedPreferences } from '../../config/preferences-recovery';
import { importWithoutSignalHooks } from '../../shared/import-without-signal-hooks';

const ELECTRON_STORE_CHANNEL = 'electron-store-get-data';

export interface PreferencesStoreFactory {
  new (options: { cwd: string; name: string; configFileMode: number }): { store: Record<string, unknown> };
}

export function openElectronPreferences(
  userDataDir: string,
  ipcMain: Pick<IpcMain, 'removeAllListeners'>,
  Store: PreferencesStoreFactory,
): OpenedPreferences {
  try {
    return openRecoveringPreferences(path.join(userDataDir, PREFERENCES_FILE), () => {
      // An absolute cwd: the same folder electron-store would pick, stated so tests and the app agree.
      const store = new Store({ cwd: userDataDir, name: PREFERENCES_NAME, configFileMode: 0o600 });
      return new Preferences(store);
    });
  } finally {
    // Also when the store threw: it may have registered its listener before reading the file.
    ipcMain.removeAllListeners(ELECTRON_STORE_CHANNEL);
  }
}

/** electron-store without the signal handlers its `when-exit` dependency installs (the app quits cleanly). */
export async function loadElectronStore(): Promise<PreferencesStoreFactory> {
  const { default: ElectronStore } = await importWithoutSignalHooks(() => import('electron-store'));
  return ElectronStore as unknown as PreferencesStoreFactory;
}
