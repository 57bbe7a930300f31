// The tray icon: its image, tooltip and menu follow the engine's snapshot and the settings (icon style,
// "Start at login"); its menu items run through the core like the window's buttons.
import type { App } from 'electron';
import path from 'node:path';
import type { RequestName } from '../../shared/contract';
import type { Preferences } from '../../config/preferences';
import { PRODUCT_NAME } from '../app-identity';
import type { DesktopSettings } from '../settings/desktop-settings';
import type { TrayAction, TrayMenuInput } from '../tray/tray-menu-model';
import { TrayController } from '../tray/tray-controller';
import type { TrayPlatform } from '../tray/tray-icon-file';
import type { DesktopSnapshot } from '../tray/tray-state';
import type { DesktopState, DesktopTray } from './desktop-state';
import type { CoreHandles, DesktopAppOptions, ElectronApis } from './desktop-types';
import type { StartAtLogin } from './start-at-login';

export interface TrayStepDeps {
  e: Pick<ElectronApis, 'app' | 'Tray' | 'nativeImage' | 'Menu' | 'nativeTheme'>;
  options: Pick<DesktopAppOptions, 'platform' | 'resourcesDir'>;
  preferences: Preferences;
  settings: Pick<DesktopSettings, 'loginItemEnabled'>;
  startAtLogin: Pick<StartAtLogin, 'available'>;
  engine: CoreHandles;
}

export interface DesktopTrayView extends DesktopTray {
  /** The engine's latest snapshot (from the core's status events). */
  setSnapshot(snapshot: DesktopSnapshot): void;
}

export function setupTray(deps: TrayStepDeps, state: DesktopState): DesktopTrayView {
  const { e, options } = deps;
  let snapshot: DesktopSnapshot = { engine: null, supervisor: null };
  const input = (): TrayMenuInput => ({
    ...snapshot,
    startAtLogin: deps.settings.loginItemEnabled,
    startAtLoginAvailable: deps.startAtLogin.available,
    productName: PRODUCT_NAME,
  });
  const runAction = trayActionRunner(e.app, deps.engine, state);
  const controller = new TrayController<Electron.NativeImage, Electron.Menu>(
    {
      createTray: (image) => new e.Tray(image),
      loadImage: (file, template) => {
        const image = e.nativeImage.createFromPath(file);
        if (template) image.setTemplateImage(true);
        return image;
      },
      buildMenu: (template) => e.Menu.buildFromTemplate(template),
      iconDir: path.join(options.resourcesDir, 'tray'),
      iconContext: () => ({
        platform: trayPlatform(options.platform),
        style: deps.preferences.get().iconStyle,
        // Windows says whether its taskbar is dark; Linux panels are dark nearly everywhere.
        darkBackground: options.platform === 'win32' ? e.nativeTheme.shouldUseDarkColorsForSystemIntegratedUI : true,
      }),
      dispatch: (action) => void runAction(action),
      openOnClick: options.platform !== 'darwin',
    },
    input(),
  );
  // Events still arrive while the engine stops at quit, after the icon is gone.
  let disposed = false;
  const view: DesktopTrayView = {
    setSnapshot(next) {
      snapshot = next;
      view.update();
    },
    update() {
      if (!disposed) controller.update(input());
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      controller.dispose();
    },
  };
  e.nativeTheme.on('updated', () => view.update());
  state.tray = view;
  return view;
}

/** A tray menu item's action: requests go through the core (errors logged), the rest act directly. */
export function trayActionRunner(
  app: Pick<App, 'quit'>,
  engine: CoreHandles,
  state: Pick<DesktopState, 'windows' | 'log'>,
): (action: TrayAction) => Promise<void> {
  const { core } = engine;
  const request = async (name: RequestName, params?: unknown): Promise<void> => {
    const outcome = await core.handle(name, params);
    if (!outcome.ok) state.log('warn', `tray: ${name} failed: ${outcome.error.message}`);
  };
  return async (action) => {
    switch (action.type) {
      case 'open':
        return state.windows?.show();
      case 'edit-config':
        return state.windows?.show('config');
      case 'quit':
        return app.quit();
      case 'pause':
        return request('pause');
      case 'resume':
        return request('resume');
      case 'restart-engine':
        return request(core.status().supervisor.phase === 'failed' ? 'retry' : 'restartEngine');
      case 'switch-server':
        return request('switchServer', { index: action.index });
      case 'set-remote-commands-blocked':
        engine.setRemoteCommandsBlocked(action.blocked);
        state.log('info', action.blocked ? 'remote commands blocked from the tray' : 'remote commands allowed again');
        return;
      case 'set-start-at-login':
        // Through the core like the window's Settings, so both show the same (the login item's) state.
        return request('updatePreferences', { autoStart: action.enabled });
    }
  };
}

function trayPlatform(platform: NodeJS.Platform): TrayPlatform {
  return platform === 'darwin' || platform === 'win32' ? platform : 'linux';
}
