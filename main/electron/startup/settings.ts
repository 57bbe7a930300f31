// The settings the window edits (preferences, the login item's real state, what this platform can do),
// and the theme they hold applied to native dialogs and menus.
import type { NativeTheme } from 'electron';
import type { Preferences } from '../../config/preferences';
import { DesktopSettings } from '../settings/desktop-settings';
import type { StartAtLogin } from './start-at-login';

export async function setupSettings(deps: {
  preferences: Preferences;
  startAtLogin: StartAtLogin;
  platform: NodeJS.Platform;
  notificationsSupported: boolean;
  nativeTheme: Pick<NativeTheme, 'themeSource'>;
}): Promise<DesktopSettings> {
  const settings = await DesktopSettings.open({
    preferences: deps.preferences,
    autoStart: deps.startAtLogin.autoStart,
    platform: deps.platform,
    autoStartAvailable: deps.startAtLogin.available,
    notificationsSupported: deps.notificationsSupported,
  });
  deps.nativeTheme.themeSource = deps.preferences.get().theme;
  return settings;
}
