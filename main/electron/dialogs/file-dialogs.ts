// Native open and save dialogs for the app core (import a config, save the diagnostics zip), attached to
// the app window when it is open so they are modal to it.

import type { BaseWindow, Dialog } from 'electron';
import path from 'node:path';
import type { FileDialogs } from '../../app/core/app-ports';

export type DialogApi = Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>;

export interface FileDialogDeps {
  dialog: DialogApi;
  /** The app window, if one is open. */
  parent(): BaseWindow | null;
  /** Where a save dialog starts (the user's Downloads folder). */
  defaultSaveDir(): string;
}

export function createFileDialogs(deps: FileDialogDeps): FileDialogs {
  return {
    async chooseConfigFile() {
      const options = {
        title: 'Import an rport.conf',
        buttonLabel: 'Import',
        properties: ['openFile' as const, 'showHiddenFiles' as const, 'dontAddToRecent' as const],
        filters: [
          { name: 'RPort config', extensions: ['conf', 'toml'] },
          { name: 'All files', extensions: ['*'] },
        ],
      };
      const parent = deps.parent();
      const result = parent
        ? await deps.dialog.showOpenDialog(parent, options)
        : await deps.dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async chooseSavePath(defaultName) {
      const options = {
        title: 'Save diagnostics',
        defaultPath: path.join(deps.defaultSaveDir(), defaultName),
        buttonLabel: 'Save',
        filters: [{ name: 'Zip archive', extensions: ['zip'] }],
        properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const],
      };
      const parent = deps.parent();
      const result = parent
        ? await deps.dialog.showSaveDialog(parent, options)
        : await deps.dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
  };
}
