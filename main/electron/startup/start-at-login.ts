// Start at login: the login item (Windows, macOS) or the XDG autostart entry (Linux). On the first start
// of an installed app the preference (on by default) becomes a real login item, once: later starts leave
// it as the user set it in the OS.
import type { App } from 'electron';
import type { Preferences } from '../../config/preferences';
import { AUTOSTART_ENTRY_ID, PRODUCT_NAME } from '../app-identity';
import { createAutoStart, type AutoStart } from '../autostart/auto-start';
import type { LaunchEnvironment } from '../autostart/launch-target';
import type { DesktopLog } from './desktop-state';
import type { DesktopAppOptions } from './desktop-types';

export interface StartAtLogin {
  autoStart: AutoStart;
  /** False for an unpackaged run on Linux: there is no stable command for an autostart entry to run. */
  available: boolean;
}

export async function setupStartAtLogin(
  app: App,
  options: Pick<DesktopAppOptions, 'platform' | 'execPath' | 'env'>,
  preferences: Preferences,
  log: DesktopLog,
): Promise<StartAtLogin> {
  const launch: LaunchEnvironment = {
    platform: options.platform,
    execPath: options.execPath,
    env: options.env,
    isPackaged: app.isPackaged,
    appPath: app.getAppPath(),
  };
  const autoStart = createAutoStart(app, launch, {
    entryId: AUTOSTART_ENTRY_ID,
    name: PRODUCT_NAME,
    comment: 'Keeps this machine reachable through an rportd server',
  });
  const prefs = preferences.get();
  if (app.isPackaged && prefs.autoStart && !prefs.setupComplete) {
    const enabled = await autoStart.isEnabled().catch(() => false);
    // A login item that cannot be added is not a reason to stop: the Settings view shows the OS's answer.
    if (!enabled)
      await autoStart
        .setEnabled(true)
        .catch((err: unknown) => log('warn', `could not add the login item: ${String(err)}`));
  }
  return { autoStart, available: app.isPackaged || options.platform !== 'linux' };
}
