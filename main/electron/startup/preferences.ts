// The app preferences (electron-store in userData). A file that is not valid JSON must not stop the app:
// the defaults are used, the file is kept aside, and the user is told (the log, and a message box since
// a preference they set is gone).
import type { Dialog, IpcMain } from 'electron';
import type { Preferences } from '../../config/preferences';
import type { PreferencesRecovery } from '../../config/preferences-recovery';
import { PRODUCT_NAME } from '../app-identity';
import { openElectronPreferences, type PreferencesStoreFactory } from '../storage/electron-preferences';
import type { DesktopLog } from './desktop-state';

export interface PreferencesStepDeps {
  userDataDir: string;
  ipcMain: Pick<IpcMain, 'removeAllListeners'>;
  dialog: Pick<Dialog, 'showMessageBox'>;
  Store: PreferencesStoreFactory;
  log: DesktopLog;
}

export function setupPreferences(deps: PreferencesStepDeps): Preferences {
  const { preferences, recovery } = openElectronPreferences(deps.userDataDir, deps.ipcMain, deps.Store);
  if (recovery) {
    deps.log('warn', recovery.message);
    // Not awaited: the app goes on starting behind the message.
    void deps.dialog.showMessageBox(recoveryNotice(recovery)).catch(() => undefined);
  }
  return preferences;
}

export function recoveryNotice(recovery: PreferencesRecovery): Electron.MessageBoxOptions {
  return {
    type: 'warning',
    title: PRODUCT_NAME,
    message: 'Your preferences could not be read and were reset',
    detail:
      `${recovery.file} is not valid JSON, so ${PRODUCT_NAME} started with the default preferences ` +
      `(start at login, notifications, theme, window size). The unreadable file is kept as ${recovery.keptAs}.`,
    buttons: ['OK'],
  };
}
