// Start at login behind one interface: Electron's login items on Windows and macOS, an XDG autostart
// entry on Linux. `app` comes in by injection so this is testable without Electron.

import type { LoginItemSettings, LoginItemSettingsOptions, Settings } from 'electron';
import { launchCommand, type LaunchEnvironment } from './launch-target';
import { isXdgAutostartEnabled, setXdgAutostart, type XdgAutostartOptions } from './xdg-autostart';

export interface AutoStart {
  isEnabled(): Promise<boolean>;
  setEnabled(enabled: boolean): Promise<void>;
}

export interface LoginItemApp {
  setLoginItemSettings(settings: Settings): void;
  getLoginItemSettings(options?: LoginItemSettingsOptions): LoginItemSettings;
}

export function createAutoStart(
  app: LoginItemApp,
  launch: LaunchEnvironment,
  xdg: Omit<XdgAutostartOptions, 'env'>,
): AutoStart {
  const command = launchCommand(launch);
  if (launch.platform === 'linux') {
    const options = { ...xdg, env: launch.env };
    return {
      isEnabled: () => isXdgAutostartEnabled(options),
      setEnabled: (enabled) => setXdgAutostart(enabled, command, options),
    };
  }
  if (launch.platform === 'win32') {
    // Windows matches the Run value by path AND args: query with the same ones we register with.
    // Electron writes the args into the Run value as they are: a path with spaces must bring its quotes.
    const query = { path: command.path, args: command.args.map((a) => (/\s/.test(a) ? `"${a}"` : a)) };
    return {
      // openAtLogin says our Run value is there; executableWillLaunchAtLogin also says the user has not
      // switched it off in Task Manager's Startup tab (the StartupApproved key). Both, or it will not start.
      isEnabled: async () => {
        const settings = app.getLoginItemSettings(query);
        return settings.openAtLogin && settings.executableWillLaunchAtLogin;
      },
      // `enabled` (default true) also re-approves an entry the user had switched off there.
      setEnabled: async (enabled) => app.setLoginItemSettings({ openAtLogin: enabled, ...query }),
    };
  }
  // macOS: SMAppService registers the app bundle itself; `openAsHidden` no longer exists (removed in
  // Electron 44), so a login start is recognised with `wasOpenedAtLogin` instead of an argument.
  return {
    isEnabled: async () => app.getLoginItemSettings().openAtLogin,
    setEnabled: async (enabled) => app.setLoginItemSettings({ openAtLogin: enabled }),
  };
}
