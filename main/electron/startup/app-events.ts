// What must happen before `ready`, in Electron's order: the privileged app:// scheme, Windows' app id,
// and the app-wide event handlers (reopen on macOS, stay alive without windows, guard every webContents).
import { APP_ID } from '../app-identity';
import { APP_SCHEME_PRIVILEGES } from '../security/app-protocol';
import { guardWebContents, isAllowedExternalUrl } from '../security/web-contents-guards';
import type { DesktopState } from './desktop-state';
import type { ElectronApis } from './desktop-types';

export function setupAppEvents(
  e: Pick<ElectronApis, 'app' | 'protocol' | 'shell'>,
  platform: NodeJS.Platform,
  state: DesktopState,
): void {
  e.protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  // Windows matches toasts and the taskbar entry to the installer's shortcut by this id.
  if (platform === 'win32') e.app.setAppUserModelId(APP_ID);
  // macOS starts no second process when the running app is opened again (Finder, Spotlight, Launchpad):
  // it sends a reopen, which Electron emits as `activate`. Without this the window would not come up.
  e.app.on('activate', () => state.windows?.show());
  // The app lives in the tray: closing the last window must not quit it.
  e.app.on('window-all-closed', () => {});
  // Every webContents ever created (our window's included, and any other) gets the navigation and
  // window-open guards, here and only here.
  e.app.on('web-contents-created', (_event, contents) =>
    guardWebContents(contents, (url) => {
      if (isAllowedExternalUrl(url)) void e.shell.openExternal(url);
    }),
  );
}
