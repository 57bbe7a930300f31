// The one app window (created on first Open, hidden on close), where it was last time unless that place
// is on no display any more, and whether it opens at start.
import path from 'node:path';
import type { Preferences } from '../../config/preferences';
import { PRODUCT_NAME } from '../app-identity';
import { startedAtLogin } from '../autostart/launch-target';
import { RENDERER_ENTRY_URL } from '../security/renderer-origin';
import { reachableOn } from '../security/window-options';
import { WindowController, type WindowLike } from '../window/window-controller';
import type { DesktopState } from './desktop-state';
import type { DesktopAppOptions, ElectronApis } from './desktop-types';

export function setupWindow(
  e: Pick<ElectronApis, 'app' | 'BrowserWindow' | 'screen'>,
  options: Pick<DesktopAppOptions, 'distDir' | 'platform' | 'appIconPath'>,
  preferences: Preferences,
  state: DesktopState,
  onClosed?: () => void,
): WindowController {
  const { app } = e;
  state.windows = new WindowController({
    createWindow: (windowOptions) => {
      const win = new e.BrowserWindow(windowOptions);
      state.dialogParent = win;
      return win as unknown as WindowLike;
    },
    preloadPath: path.join(options.distDir, 'preload.cjs'),
    url: RENDERER_ENTRY_URL,
    title: PRODUCT_NAME,
    icon: options.platform === 'darwin' ? undefined : options.appIconPath,
    devTools: !app.isPackaged,
    loadBounds: () => preferences.get().windowBounds,
    positionReachable: (bounds) =>
      reachableOn(
        bounds,
        e.screen.getAllDisplays().map((display) => display.workArea),
      ),
    saveBounds: (bounds) =>
      preferences.update({ windowBounds: { ...bounds, x: Math.round(bounds.x), y: Math.round(bounds.y) } }),
    isQuitting: () => state.quitting,
    focusApp: () => {
      if (options.platform === 'darwin') app.focus({ steal: true });
    },
    log: (message) => state.log('warn', message),
    ...(onClosed ? { onClosed } : {}),
  });
  return state.windows;
}

/**
 * A login start stays in the tray (unless the user turned "start hidden" off); a start by hand, a second
 * launch meanwhile or a missing setup opens the window.
 */
export function opensWindowAtStart(input: {
  argv: readonly string[];
  macWasOpenedAtLogin: boolean;
  setupNeeded: boolean;
  secondLaunch: boolean;
  startHidden: boolean;
}): boolean {
  const loginStart = startedAtLogin(input.argv, input.macWasOpenedAtLogin);
  return input.setupNeeded || input.secondLaunch || !loginStart || !input.startHidden;
}
