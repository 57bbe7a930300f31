// The settings the window edits (preferences, the login item's real state, what this platform can do),
// and the theme they hold applied to native dialogs and menus.
import type { App, NativeTheme } from 'electron';
import { policyFilePath } from '../../config/app-paths';
import { loadPolicy, type Policy } from '../../config/policy';
import type { Preferences } from '../../config/preferences';
import { DesktopSettings } from '../settings/desktop-settings';
import type { StartAtLogin } from './start-at-login';

export async function setupSettings(deps: {
  preferences: Preferences;
  startAtLogin: StartAtLogin;
  platform: NodeJS.Platform;
  notificationsSupported: boolean;
  nativeTheme: Pick<NativeTheme, 'themeSource'>;
  /** Restarts the app into a changed connection mode (issue 17). */
  app?: Pick<App, 'relaunch' | 'quit'>;
  /** The administrator's policy; default: the per-OS file (an unreadable one pins nothing here). */
  loadPolicy?: () => Promise<Policy>;
}): Promise<DesktopSettings> {
  const policy = await (deps.loadPolicy ?? (() => loadPolicy(policyFilePath())))();
  const { app } = deps;
  const settings = await DesktopSettings.open({
    trayPolicy: { tray: policy.tray, file: policy.exists ? policy.file : null },
    ...(app
      ? {
          onConnectionChange: () => {
            app.relaunch();
            app.quit();
          },
        }
      : {}),
    preferences: deps.preferences,
    autoStart: deps.startAtLogin.autoStart,
    platform: deps.platform,
    autoStartAvailable: deps.startAtLogin.available,
    notificationsSupported: deps.notificationsSupported,
  });
  deps.nativeTheme.themeSource = deps.preferences.get().theme;
  return settings;
}
