// The command a login item must run to start this app again, hidden. It has to survive packaging:
// - AppImage: process.execPath points into a temporary /tmp/.mount_* folder that is gone after exit, so
//   use $APPIMAGE, the path of the .AppImage file itself (node-auto-launch#89, notesnook#4223).
// - Windows portable build: it runs from a temp extraction folder; electron-builder passes the real file
//   in PORTABLE_EXECUTABLE_FILE (electron-builder#6981).
// - An unpackaged dev run: the Electron binary needs the app folder as its first argument.

export const HIDDEN_ARG = '--hidden';

export interface LaunchEnvironment {
  platform: NodeJS.Platform;
  execPath: string;
  env: Record<string, string | undefined>;
  isPackaged: boolean;
  /** app.getAppPath(): the app folder or asar. */
  appPath: string;
}

export interface LaunchCommand {
  path: string;
  args: string[];
}

export function launchCommand(e: LaunchEnvironment): LaunchCommand {
  const base = e.isPackaged ? [] : [e.appPath];
  if (e.platform === 'linux' && e.env.APPIMAGE) return { path: e.env.APPIMAGE, args: [HIDDEN_ARG] };
  if (e.platform === 'win32' && e.env.PORTABLE_EXECUTABLE_FILE) {
    return { path: e.env.PORTABLE_EXECUTABLE_FILE, args: [HIDDEN_ARG] };
  }
  return { path: e.execPath, args: [...base, HIDDEN_ARG] };
}

/** Whether this run was started by a login item: our own flag (Windows, Linux) or macOS's own report. */
export function startedAtLogin(argv: readonly string[], macWasOpenedAtLogin: boolean): boolean {
  return argv.includes(HIDDEN_ARG) || macWasOpenedAtLogin;
}
