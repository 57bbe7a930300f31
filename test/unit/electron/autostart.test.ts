import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchCommand, startedAtLogin, type LaunchEnvironment } from '../../../main/electron/autostart/launch-target';
import {
  autostartDir,
  desktopEntry,
  execLine,
  isXdgAutostartEnabled,
  quoteExecArg,
  setXdgAutostart,
} from '../../../main/electron/autostart/xdg-autostart';
import { createAutoStart } from '../../../main/electron/autostart/auto-start';

const env = (over: Partial<LaunchEnvironment>): LaunchEnvironment => ({
  platform: 'linux',
  execPath: '/tmp/.mount_RPortXYZ/rport-tray',
  env: {},
  isPackaged: true,
  appPath: '/tmp/.mount_RPortXYZ/resources/app.asar',
  ...over,
});

describe('launch command', () => {
  it('uses $APPIMAGE, not the temporary mount, inside an AppImage', () => {
    expect(launchCommand(env({ env: { APPIMAGE: '/home/me/Apps/RPort Tray.AppImage' } }))).toEqual({
      path: '/home/me/Apps/RPort Tray.AppImage',
      args: ['--hidden'],
    });
  });

  it('uses the portable executable on Windows and the exe otherwise', () => {
    const win = { platform: 'win32' as NodeJS.Platform, execPath: 'C:\\Temp\\x\\RPort Tray.exe' };
    expect(launchCommand(env({ ...win, env: { PORTABLE_EXECUTABLE_FILE: 'D:\\Tools\\RPort Tray.exe' } }))).toEqual({
      path: 'D:\\Tools\\RPort Tray.exe',
      args: ['--hidden'],
    });
    expect(launchCommand(env(win)).path).toBe('C:\\Temp\\x\\RPort Tray.exe');
    // APPIMAGE means nothing on Windows
    expect(launchCommand(env({ ...win, env: { APPIMAGE: '/x' } })).path).toBe('C:\\Temp\\x\\RPort Tray.exe');
  });

  it('passes the app folder to the Electron binary in an unpackaged dev run', () => {
    expect(
      launchCommand(
        env({ isPackaged: false, execPath: '/repo/node_modules/electron/dist/electron', appPath: '/repo' }),
      ),
    ).toEqual({ path: '/repo/node_modules/electron/dist/electron', args: ['/repo', '--hidden'] });
  });

  it('recognises a start at login', () => {
    expect(startedAtLogin(['/x/rport-tray', '--hidden'], false)).toBe(true);
    expect(startedAtLogin(['/x/rport-tray'], true)).toBe(true);
    expect(startedAtLogin(['/x/rport-tray'], false)).toBe(false);
  });
});

describe('desktop entry Exec escaping', () => {
  it('quotes reserved characters and escapes what the spec asks', () => {
    expect(quoteExecArg('--hidden')).toBe('--hidden');
    expect(quoteExecArg('a b')).toBe('"a b"');
    expect(quoteExecArg('100%')).toBe('100%%');
    expect(quoteExecArg('$HOME')).toBe('"\\$HOME"');
    expect(quoteExecArg('')).toBe('""');
  });

  it('quotes the program and applies the key-file escapes on top (four backslashes for one)', () => {
    expect(execLine({ path: '/opt/My Apps/rport-tray.AppImage', args: ['--hidden'] })).toBe(
      '"/opt/My Apps/rport-tray.AppImage" --hidden',
    );
    // A `$`, a backtick, a `"` and a `\` in the path: backslash-escaped inside the quotes, then the
    // string escape doubles every backslash (desktop-entry spec, "The Exec key").
    expect(execLine({ path: '/home/me/$x`y"z\\w.AppImage', args: [] })).toBe(
      '"/home/me/\\\\$x\\\\`y\\\\"z\\\\\\\\w.AppImage"',
    );
    expect(execLine({ path: '/apps/50%off', args: [] })).toBe('"/apps/50%%off"');
  });
});

describe('XDG autostart entry', () => {
  let home: string;
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'rport-autostart-'));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  const options = (extra: Record<string, string | undefined> = {}) => ({
    entryId: 'rport-tray',
    name: 'RPort Tray',
    comment: 'Keeps this machine reachable',
    env: { HOME: home, ...extra },
  });

  it('follows $XDG_CONFIG_HOME when it is absolute, else ~/.config', () => {
    expect(autostartDir({ HOME: home })).toBe(path.join(home, '.config', 'autostart'));
    expect(autostartDir({ HOME: home, XDG_CONFIG_HOME: '/xdg' })).toBe('/xdg/autostart');
    expect(autostartDir({ HOME: home, XDG_CONFIG_HOME: 'relative' })).toBe(path.join(home, '.config', 'autostart'));
  });

  it('writes, reads back and removes the entry for the AppImage path', async () => {
    const xdg = path.join(home, 'xdg');
    const opts = options({ XDG_CONFIG_HOME: xdg });
    const command = launchCommand(env({ env: { APPIMAGE: '/home/me/RPort Tray.AppImage' } }));
    expect(await isXdgAutostartEnabled(opts)).toBe(false);
    await setXdgAutostart(true, command, opts);
    const file = path.join(xdg, 'autostart', 'rport-tray.desktop');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toBe(desktopEntry(command, opts));
    expect(text).toContain('[Desktop Entry]\nType=Application\n');
    expect(text).toContain('Exec="/home/me/RPort Tray.AppImage" --hidden\n');
    expect(text).toContain('X-GNOME-Autostart-enabled=true');
    expect(text).not.toContain('.mount_');
    expect(await isXdgAutostartEnabled(opts)).toBe(true);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['rport-tray.desktop']);
    await setXdgAutostart(false, command, opts);
    expect(fs.existsSync(file)).toBe(false);
    expect(await isXdgAutostartEnabled(opts)).toBe(false);
    await setXdgAutostart(false, command, opts);
  });

  it('treats an entry the user disabled as off', async () => {
    const opts = options();
    const dir = autostartDir(opts.env);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'rport-tray.desktop'), '[Desktop Entry]\nExec=x\nHidden=true\n');
    expect(await isXdgAutostartEnabled(opts)).toBe(false);
  });

  it('goes through the XDG file on Linux and through login items on Windows and macOS', async () => {
    const loginItem = { openAtLogin: true, executableWillLaunchAtLogin: true };
    const app = { setLoginItemSettings: vi.fn(), getLoginItemSettings: vi.fn(() => ({ ...loginItem })) };
    const linux = createAutoStart(app as never, env({ env: { HOME: home } }), options());
    await linux.setEnabled(true);
    expect(await linux.isEnabled()).toBe(true);
    expect(app.setLoginItemSettings).not.toHaveBeenCalled();

    const win = createAutoStart(
      app as never,
      env({ platform: 'win32', execPath: 'C:\\Users\\me\\AppData\\Local\\Programs\\rport-tray\\RPort Tray.exe' }),
      options(),
    );
    await win.setEnabled(true);
    expect(app.setLoginItemSettings).toHaveBeenLastCalledWith({
      openAtLogin: true,
      path: 'C:\\Users\\me\\AppData\\Local\\Programs\\rport-tray\\RPort Tray.exe',
      args: ['--hidden'],
    });
    expect(await win.isEnabled()).toBe(true);
    expect(app.getLoginItemSettings).toHaveBeenLastCalledWith({
      path: 'C:\\Users\\me\\AppData\\Local\\Programs\\rport-tray\\RPort Tray.exe',
      args: ['--hidden'],
    });
    // Switched off in Task Manager's Startup tab: the Run value is still there, but it will not start.
    loginItem.executableWillLaunchAtLogin = false;
    expect(await win.isEnabled()).toBe(false);

    const mac = createAutoStart(app as never, env({ platform: 'darwin' }), options());
    await mac.setEnabled(false);
    expect(app.setLoginItemSettings).toHaveBeenLastCalledWith({ openAtLogin: false });
  });
});
