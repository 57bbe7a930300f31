// One IPC handler per request of the contract, each checking that the sender is our window's top frame
// on app:// before the core sees the message.
import type { IpcMain } from 'electron';
import { REQUEST_NAMES, requestChannel } from '../../shared/contract';
import { ipcRequestHandler } from '../security/ipc-guard';
import type { WindowController } from '../window/window-controller';
import type { DesktopLog } from './desktop-state';
import type { DesktopCore } from './desktop-types';

export function setupIpc(
  ipcMain: Pick<IpcMain, 'handle'>,
  windows: Pick<WindowController, 'isOurWebContents'>,
  core: DesktopCore,
  log: DesktopLog,
): void {
  for (const name of REQUEST_NAMES) {
    ipcMain.handle(
      requestChannel(name),
      ipcRequestHandler(name, {
        isOurWebContents: (id) => windows.isOurWebContents(id),
        dispatch: (n, params) => core.handle(n, params),
        onRejected: (channel, reason) => log('warn', `refused IPC ${channel}: ${reason}`),
      }),
    );
  }
}
