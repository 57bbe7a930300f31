// The desktop start with every Electron object faked: lifecycle order, hardening, IPC, tray, power events,
// a clean quit, and a start that fails (error dialog, lock released, exit 1) or meets corrupt preferences.
// `electron` itself is mocked (never loaded) although desktop-app only imports its types.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EventEmitter } from 'node:events';

vi.mock('electron', () => ({}));
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  return {
    default: class extends Conf<Record<string, unknown>> {
      constructor(o: { cwd: string; name: string }) {
        super({ cwd: o.cwd, configName: o.name });
      }
    },
  };
});

import { runDesktopApp, type CoreInput } from '../../../main/electron/desktop-app';
import { APP_ID } from '../../../main/electron/app-identity';
import { EVENT_CHANNEL, REQUEST_NAMES, requestChannel, type AppStatus } from '../../../main/shared/contract';
import { snapshotFor } from './tray-fixtures';
import { FakeNotification, fakeCore, fakeElectron } from './desktop-fakes';
import { fakeSink } from '../run/fake-log-sink';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rport-desktop-'));
  FakeNotification.supported = false;
  FakeNotification.shown = [];
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const start = (
  over: {
    argv?: string[];
    platform?: NodeJS.Platform;
    lock?: boolean;
    status?: Partial<AppStatus>;
    createCore?: (input: CoreInput) => Promise<ReturnType<typeof fakeCore>['handles']>;
    /** Changes the fakes before the app starts (a step made to fail). */
    tweak?: (fake: ReturnType<typeof fakeElectron>) => void;
  } = {},
) => {
  const fake = fakeElectron({ userData: dir, lock: over.lock });
  over.tweak?.(fake);
  const core = fakeCore(over.status);
  const { sink, lines } = fakeSink(dir);
  const createCore = vi.fn(over.createCore ?? (async (_input: CoreInput) => core.handles));
  const app = runDesktopApp(fake.electron, {
    openLog: async () => sink,
    createCore,
    createWorkerHost: () => ({ spawn: vi.fn() }) as never,
    distDir: '/app/dist',
    resourcesDir: '/app/resources',
    appIconPath: '/app/resources/app-icon.png',
    argv: over.argv ?? ['/app/rport-tray'],
    platform: over.platform ?? 'linux',
    env: { HOME: dir },
    execPath: '/app/rport-tray',
    quitTimeoutMs: 1000,
  });
  return { ...fake, ...core, sink, lines, createCore, ready: app.ready, steps: app.steps };
};

describe('desktop app composition', () => {
  it('a second instance quits at once and touches nothing else', async () => {
    const t = start({ lock: false });
    await t.ready;
    expect(t.app.quit).toHaveBeenCalled();
    expect(t.raw.protocol.registerSchemesAsPrivileged).not.toHaveBeenCalled();
    expect(t.createCore).not.toHaveBeenCalled();
  });

  it('registers the privileged app:// scheme and the AppUserModelId before ready', async () => {
    const win = start({ platform: 'win32' });
    expect(win.raw.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
    expect(win.app.setAppUserModelId).toHaveBeenCalledWith(APP_ID);
    await win.ready;
    const linux = start();
    expect(linux.app.setAppUserModelId).not.toHaveBeenCalled();
    await linux.ready;
  });

  it('hardens the session, serves app://, and guards one IPC handler per request', async () => {
    const t = start();
    await t.ready;
    expect(t.session.webRequest.onHeadersReceived).toHaveBeenCalled();
    expect(t.session.setPermissionRequestHandler).toHaveBeenCalled();
    expect(t.raw.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect([...t.ipcHandlers.keys()].sort()).toEqual(REQUEST_NAMES.map(requestChannel).sort());
    expect(t.raw.ipcMain.removeAllListeners).toHaveBeenCalledWith('electron-store-get-data');

    const window = t.windows[0]!;
    // The window's webContents got the guards through web-contents-created, once.
    const contents = window.webContents as unknown as EventEmitter & { setWindowOpenHandler: ReturnType<typeof vi.fn> };
    expect(contents.listenerCount('will-navigate')).toBe(1);
    const away = { preventDefault: vi.fn() };
    contents.emit('will-navigate', away, 'https://evil.example/');
    expect(away.preventDefault).toHaveBeenCalled();
    expect(contents.setWindowOpenHandler).toHaveBeenCalledTimes(1);
    const open = contents.setWindowOpenHandler.mock.calls[0]![0] as (d: { url: string }) => unknown;
    expect(open({ url: 'https://github.com/openrport/openrport' })).toEqual({ action: 'deny' });
    expect(t.raw.shell.openExternal).toHaveBeenCalledWith('https://github.com/openrport/openrport');

    const handler = t.ipcHandlers.get(requestChannel('switchServer')) as unknown as (
      e: unknown,
      p: unknown,
    ) => Promise<unknown>;
    const id = (window.webContents as { id: number }).id;
    const foreign = await handler(
      { senderFrame: { url: 'https://evil.example/', parent: null }, sender: { id } },
      { index: 1 },
    );
    expect(foreign).toMatchObject({ ok: false });
    expect(t.core.handle).not.toHaveBeenCalled();
    await handler({ senderFrame: { url: 'app://rport-tray/index.html', parent: null }, sender: { id } }, { index: 1 });
    expect(t.core.handle).toHaveBeenCalledWith('switchServer', { index: 1 });
  });

  it('starts the core, opens the window on a manual start and forwards events to it and the tray', async () => {
    const t = start();
    await t.ready;
    expect(t.core.start).toHaveBeenCalled();
    expect(t.windows).toHaveLength(1);
    const tray = t.trays[0]!;
    expect((tray.image as { file: string }).file).toBe('/app/resources/tray/starting-color.png');
    const engine = snapshotFor('connected-fallback').engine;
    t.emit({
      type: 'status',
      status: {
        ...t.core.status(),
        state: 'connected',
        engine,
        supervisor: { ...t.core.status().supervisor, phase: 'running' },
      },
    });
    // setImage is throttled (200 ms): the new icon lands shortly after.
    await vi.waitFor(() =>
      expect(tray.setImage).toHaveBeenLastCalledWith(
        expect.objectContaining({ file: '/app/resources/tray/connected-fallback-color.png' }),
      ),
    );
    const send = t.windows[0]!.webContents as unknown as { send: ReturnType<typeof vi.fn> };
    expect(send.send).toHaveBeenCalledWith(
      EVENT_CHANNEL,
      expect.objectContaining({ event: expect.objectContaining({ type: 'status' }) }),
    );
  });

  it('runs tray actions: switch server, block remote commands, retry when failed', async () => {
    const t = start();
    await t.ready;
    const menu = (t.trays[0]!.setContextMenu.mock.calls.at(-1)![0] as { template: Array<Record<string, unknown>> })
      .template;
    const item = (id: string) => {
      for (const i of menu) {
        if (i.id === id) return i;
        for (const s of (i.submenu as Array<Record<string, unknown>> | undefined) ?? []) if (s.id === id) return s;
      }
      throw new Error(id);
    };
    (item('block-remote-commands').click as () => void)();
    expect(t.supervisor.setRemoteCommandsBlocked).toHaveBeenCalledWith(true);
    (item('restart-engine').click as () => void)();
    await vi.waitFor(() => expect(t.core.handle).toHaveBeenCalledWith('restartEngine', undefined));
    (item('open').click as () => void)();
    expect(t.windows).toHaveLength(1);
    (item('quit').click as () => void)();
    expect(t.app.quit).toHaveBeenCalled();
  });

  it('opens the window on a tray click, except on macOS where the click opens the menu', async () => {
    const linux = start();
    await linux.ready;
    expect((linux.trays[0] as unknown as EventEmitter).listenerCount('click')).toBe(1);
    const mac = start({ platform: 'darwin' });
    await mac.ready;
    expect((mac.trays[0] as unknown as EventEmitter).listenerCount('click')).toBe(0);
  });

  it('reopens the window where it was, unless that place is on no display any more', async () => {
    const t = start({ argv: ['/app/rport-tray', '--hidden'] });
    await t.ready;
    const input = t.createCore.mock.calls[0]![0];
    input.preferences.update({ windowBounds: { x: 3000, y: 200, width: 900, height: 600, maximized: false } });
    t.app.emit('second-instance');
    expect(t.windows[0]!.options).toMatchObject({ width: 900, height: 600 });
    expect(t.windows[0]!.options).not.toHaveProperty('x');
    const back = start({ argv: ['/app/rport-tray', '--hidden'] });
    await back.ready;
    back.createCore.mock.calls[0]![0].preferences.update({
      windowBounds: { x: 300, y: 200, width: 900, height: 600, maximized: false },
    });
    back.app.emit('second-instance');
    expect(back.windows[0]!.options).toMatchObject({ x: 300, y: 200 });
  });

  it('stays in the tray on a login start, but shows the setup when there is no config', async () => {
    const login = start({ argv: ['/app/rport-tray', '--hidden'] });
    await login.ready;
    expect(login.windows).toHaveLength(0);
    login.app.emit('second-instance');
    expect(login.windows).toHaveLength(1);
    const setup = start({ argv: ['/app/rport-tray', '--hidden'], status: { setupNeeded: true } });
    await setup.ready;
    expect(setup.windows).toHaveLength(1);
  });

  it('opens the window when macOS reopens the running app (activate)', async () => {
    const login = start({ argv: ['/app/rport-tray', '--hidden'], platform: 'darwin' });
    await login.ready;
    expect(login.windows).toHaveLength(0);
    login.app.emit('activate', {}, false);
    expect(login.windows).toHaveLength(1);
  });

  it('opens the window on a login start when "start hidden" is off', async () => {
    const first = start({ argv: ['/app/rport-tray', '--hidden'] });
    await first.ready;
    first.createCore.mock.calls[0]![0].preferences.update({ startHidden: false });
    // The next login (same userData, so the same preferences).
    const login = start({ argv: ['/app/rport-tray', '--hidden'] });
    await login.ready;
    expect(login.windows).toHaveLength(1);
  });

  it('gives the watchdog a grace period after resume, and stops the engine before quitting', async () => {
    const t = start();
    await t.ready;
    t.raw.powerMonitor.emit('resume');
    expect(t.supervisor.onSystemResume).toHaveBeenCalledTimes(1);
    expect(t.app.listenerCount('window-all-closed')).toBe(1);
    const quitEvent = { preventDefault: vi.fn() };
    t.app.emit('before-quit', quitEvent);
    expect(quitEvent.preventDefault).toHaveBeenCalled();
    expect(t.core.stop).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(t.app.quit).toHaveBeenCalled());
    expect(t.trays[0]!.destroy).toHaveBeenCalled();
    // The log is closed last, after the engine stopped.
    expect(t.sink.close).toHaveBeenCalled();
    const again = { preventDefault: vi.fn() };
    t.app.emit('before-quit', again);
    expect(again.preventDefault).not.toHaveBeenCalled();
  });

  it('hands the core the settings and dialogs, and refuses downloads by the window', async () => {
    const t = start();
    await t.ready;
    const input = t.createCore.mock.calls[0]![0];
    expect(input.settings.capabilities()).toMatchObject({
      // An unpackaged run on Linux: no stable command for an autostart entry.
      autoStart: { available: false },
      trayIcon: { available: true },
      fileDialogs: { available: true },
    });
    expect(await input.dialogs.chooseConfigFile()).toBe('/picked/rport.conf');
    expect(t.raw.dialog.showOpenDialog).toHaveBeenCalledWith(t.windows[0], expect.anything());
    expect(await input.dialogs.chooseSavePath('d.zip')).toBe('/saved/diag.zip');
    expect(t.raw.dialog.showSaveDialog).toHaveBeenCalledWith(
      t.windows[0],
      expect.objectContaining({ defaultPath: path.join('/home/me/Downloads', 'd.zip') }),
    );
    const download = { preventDefault: vi.fn() };
    t.session.emit('will-download', download, { getFilename: () => 'x.zip', getURL: () => 'blob:x' });
    expect(download.preventDefault).toHaveBeenCalled();
    expect(t.sink.log).toHaveBeenCalledWith('warn', 'desktop', 'refused a download by the window (x.zip)');
  });

  it('sends the tray’s "Start at login" through the core, and redraws the tray and theme on a settings event', async () => {
    const t = start({ platform: 'win32' });
    await t.ready;
    const input = t.createCore.mock.calls[0]![0];
    const tray = t.trays[0]!;
    const menu = () =>
      (tray.setContextMenu.mock.calls.at(-1)![0] as { template: Array<Record<string, unknown>> }).template;
    const startAtLogin = () => menu().find((i) => i.id === 'start-at-login')!;
    expect(startAtLogin()).toMatchObject({ checked: false, enabled: true });
    (startAtLogin().click as () => void)();
    await vi.waitFor(() => expect(t.core.handle).toHaveBeenCalledWith('updatePreferences', { autoStart: true }));

    // The core applied it (login item on, monochrome icons, dark theme) and says so.
    await input.settings.update({ autoStart: true, iconStyle: 'monochrome', theme: 'dark' });
    t.emit({ type: 'settings', settings: { preferences: input.settings.preferences() } as never });
    expect(t.raw.nativeTheme.themeSource).toBe('dark');
    expect(startAtLogin()).toMatchObject({ checked: true });
    await vi.waitFor(() =>
      expect(tray.setImage).toHaveBeenLastCalledWith(
        expect.objectContaining({ file: '/app/resources/tray/starting-white.ico' }),
      ),
    );
    expect(t.app.setLoginItemSettings).toHaveBeenCalledWith(expect.objectContaining({ openAtLogin: true }));
  });

  it('notifies a broken config once (window not focused) and opens the Config view on click', async () => {
    FakeNotification.supported = true;
    const t = start();
    await t.ready;
    const status = t.core.status();
    const issue = { message: 'line 3: client.server: bad', file: '/c/rport.conf', line: 3, errorCount: 1, at: 42 };
    t.emit({ type: 'status', status: { ...status, configIssue: issue } });
    t.emit({ type: 'status', status: { ...status, configIssue: issue } });
    expect(FakeNotification.shown.map((n) => n.options.title)).toEqual(['rport.conf has errors']);
    const win = t.windows[0]! as unknown as { loadURL: ReturnType<typeof vi.fn> };
    FakeNotification.shown[0]!.click();
    expect(win.loadURL).toHaveBeenLastCalledWith('app://rport-tray/index.html#config');

    // The preference off: the next broken edit stays quiet.
    const input = t.createCore.mock.calls[0]![0];
    input.preferences.update({ notifications: { connection: true, remoteActivity: true, configProblems: false } });
    t.emit({ type: 'status', status: { ...status, configIssue: { ...issue, at: 43 } } });
    expect(FakeNotification.shown).toHaveLength(1);
  });

  it("announces the watchdog's restarts from the timeline, and nothing for other entries", async () => {
    FakeNotification.supported = true;
    const t = start();
    await t.ready;
    const entry = { id: 1, at: 7, kind: 'restart' as const, state: null };
    t.emit({ type: 'timeline', entry: { ...entry, text: 'Watchdog restarted the engine: it crashed (code 70)' } });
    t.emit({ type: 'timeline', entry: { ...entry, id: 2, at: 8, kind: 'user', text: 'Engine restart requested' } });
    expect(FakeNotification.shown.map((n) => [n.options.title, n.options.body])).toEqual([
      ['Engine restarted', 'Watchdog restarted the engine: it crashed (code 70).'],
    ]);
  });

  it('marks the first start done once a config exists', async () => {
    const t = start({ status: { setupNeeded: true } });
    await t.ready;
    const input = t.createCore.mock.calls[0]![0];
    expect(input.preferences.get().setupComplete).toBe(false);
    t.emit({ type: 'status', status: { ...t.core.status(), setupNeeded: false } });
    expect(input.preferences.get().setupComplete).toBe(true);
  });
});

describe('desktop app start-up steps', () => {
  it('runs its steps in order and finishes with the engine started', async () => {
    const t = start();
    await t.ready;
    expect(t.steps).toEqual([
      'taking the single-instance lock',
      'registering the app scheme and events',
      'turning off the GPU process',
      'preparing the quit',
      'opening the log',
      'securing the session',
      'opening the preferences',
      'opening the keychain',
      'setting up start at login',
      'reading the settings',
      'building the engine and app core',
      'preparing the window',
      'connecting the window (IPC)',
      'creating the tray icon',
      'setting up notifications',
      'following the app core',
      'watching sleep and resume',
      'starting the engine',
    ]);
    expect(t.app.exit).not.toHaveBeenCalled();
    expect(t.raw.dialog.showErrorBox).not.toHaveBeenCalled();
  });

  it('a step that throws: an error dialog naming it and the log folder, the engine stopped, the lock released, exit 1', async () => {
    const t = start({
      tweak: (fake) => {
        (fake.raw as { Tray: unknown }).Tray = class {
          constructor() {
            throw new Error('no status notifier on this desktop');
          }
        };
      },
    });
    await t.ready;
    expect(t.raw.dialog.showErrorBox).toHaveBeenCalledTimes(1);
    const [title, text] = t.raw.dialog.showErrorBox.mock.calls[0] as unknown as [string, string];
    expect(title).toBe('RPort Tray could not start');
    expect(text).toContain('Creating the tray icon failed: no status notifier on this desktop');
    expect(text).toContain(`The log is in ${path.join(dir, 'logs')}.`);
    // The engine's core was built before the tray: it is stopped, not left running without a tray.
    expect(t.core.stop).toHaveBeenCalledTimes(1);
    expect(t.core.start).not.toHaveBeenCalled();
    expect(t.app.releaseSingleInstanceLock).toHaveBeenCalledTimes(1);
    expect(t.app.exit).toHaveBeenCalledWith(1);
    expect(t.lines.some((l) => l.level === 'error' && l.message.includes('creating the tray icon failed'))).toBe(true);
    expect(t.sink.close).toHaveBeenCalled();
    // The order matters: the dialog is shown before the process goes.
    expect(t.raw.dialog.showErrorBox.mock.invocationCallOrder[0]!).toBeLessThan(
      t.app.exit.mock.invocationCallOrder[0]!,
    );
  });

  it('a core that cannot be built fails the start the same way, with no window and no tray left behind', async () => {
    const t = start({
      createCore: async () => {
        throw new Error('EACCES: permission denied, open /etc/rport/rport.conf');
      },
    });
    await t.ready;
    const text = (t.raw.dialog.showErrorBox.mock.calls[0] as unknown as [string, string])[1];
    expect(text).toMatch(/^Building the engine and app core failed: EACCES/);
    expect(t.windows).toHaveLength(0);
    expect(t.trays).toHaveLength(0);
    expect(t.app.releaseSingleInstanceLock).toHaveBeenCalled();
    expect(t.app.exit).toHaveBeenCalledWith(1);
  });

  it('a failure before `ready` is shown and ends the app too', async () => {
    // No log is open yet: the failure goes to stderr.
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => {});
    const t = start({
      tweak: (fake) => {
        fake.raw.protocol.registerSchemesAsPrivileged = vi.fn(() => {
          throw new Error('scheme registered twice');
        });
      },
    });
    await t.ready;
    const text = (t.raw.dialog.showErrorBox.mock.calls[0] as unknown as [string, string])[1];
    expect(text).toContain('Registering the app scheme and events failed: scheme registered twice');
    expect(text).toContain('No log file could be opened');
    expect(stderr).toHaveBeenCalledWith(expect.stringContaining('scheme registered twice'));
    stderr.mockRestore();
    expect(t.app.whenReady).not.toHaveBeenCalled();
    expect(t.app.releaseSingleInstanceLock).toHaveBeenCalled();
    expect(t.app.exit).toHaveBeenCalledWith(1);
  });

  it('corrupt preferences: the defaults, the file kept, a log line and a message box, and the app starts', async () => {
    const corrupt = '{"startHidden": false, "theme": "da';
    fs.writeFileSync(path.join(dir, 'preferences.json'), corrupt);
    const t = start({ argv: ['/app/rport-tray', '--hidden'] });
    await t.ready;
    expect(t.app.exit).not.toHaveBeenCalled();
    const input = t.createCore.mock.calls[0]![0];
    expect(input.preferences.get()).toMatchObject({ startHidden: true, theme: 'system' });
    const kept = fs.readdirSync(dir).filter((f) => f.startsWith('preferences.json.corrupt-'));
    expect(kept).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, kept[0]!), 'utf8')).toBe(corrupt);
    const warning = t.lines.find((l) => l.level === 'warn' && l.message.includes('is not valid JSON'));
    expect(warning?.message).toContain(kept[0]);
    expect(t.raw.dialog.showMessageBox).toHaveBeenCalledWith(
      expect.objectContaining({
        type: 'warning',
        message: 'Your preferences could not be read and were reset',
        detail: expect.stringContaining(kept[0]!),
      }),
    );
    // electron-store's IPC door is closed on this path too.
    expect(t.raw.ipcMain.removeAllListeners).toHaveBeenCalledWith('electron-store-get-data');
  });
});
