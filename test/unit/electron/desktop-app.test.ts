// The composition with every Electron object faked: lifecycle order, hardening, IPC, tray, power events
// and a clean quit. `electron` itself is mocked (never loaded) although desktop-app only imports its types.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EventEmitter } from 'node:events';

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

import { runDesktopApp, type CoreHandles, type CoreInput, type ElectronApis } from '../../../main/electron/desktop-app';
import { APP_ID } from '../../../main/electron/app-identity';
import {
  EVENT_CHANNEL,
  REQUEST_NAMES,
  requestChannel,
  type AppStatus,
  type EventMessage,
} from '../../../main/shared/contract';
import { snapshotFor } from './tray-fixtures';

type Handler = (...args: never[]) => unknown;

class FakeNotification {
  static supported = false;
  static shown: FakeNotification[] = [];
  static isSupported = () => FakeNotification.supported;
  private readonly emitter = new EventEmitter();
  constructor(readonly options: { title: string; body: string }) {}
  on(event: string, listener: () => void) {
    this.emitter.on(event, listener);
    return this;
  }
  show() {
    FakeNotification.shown.push(this);
  }
  click() {
    this.emitter.emit('click');
  }
}

function fakeElectron(opts: { lock?: boolean; userData: string; packaged?: boolean }) {
  // The OS's login item (Windows Run key / macOS SMAppService): what was set is what is read back.
  const loginItem = { openAtLogin: false };
  const app = Object.assign(new EventEmitter(), {
    isPackaged: opts.packaged ?? false,
    requestSingleInstanceLock: vi.fn(() => opts.lock ?? true),
    quit: vi.fn(),
    setAppUserModelId: vi.fn(),
    whenReady: vi.fn(async () => {}),
    getPath: vi.fn((name: string) => (name === 'downloads' ? '/home/me/Downloads' : opts.userData)),
    getAppPath: vi.fn(() => '/repo'),
    focus: vi.fn(),
    setLoginItemSettings: vi.fn((settings: { openAtLogin?: boolean }) => {
      loginItem.openAtLogin = settings.openAtLogin ?? false;
    }),
    getLoginItemSettings: vi.fn(() => ({
      ...loginItem,
      executableWillLaunchAtLogin: loginItem.openAtLogin,
      wasOpenedAtLogin: false,
    })),
  });
  const ipcHandlers = new Map<string, Handler>();
  const windows: Array<EventEmitter & Record<string, unknown>> = [];
  class BrowserWindow extends EventEmitter {
    visible = false;
    webContents = Object.assign(new EventEmitter(), {
      id: 40 + windows.length,
      isDestroyed: () => false,
      send: vi.fn(),
      setWindowOpenHandler: vi.fn(),
    });
    constructor(public options: unknown) {
      super();
      windows.push(this as unknown as EventEmitter & Record<string, unknown>);
      // As Electron does for every webContents it creates.
      app.emit('web-contents-created', {}, this.webContents);
    }
    loadURL = vi.fn(async () => {});
    show = vi.fn(() => (this.visible = true));
    maximize = vi.fn(() => (this.visible = true));
    hide = vi.fn(() => (this.visible = false));
    focus = vi.fn();
    restore = vi.fn();
    isMinimized = () => false;
    isVisible = () => this.visible;
    isFocused = () => this.visible;
    isDestroyed = () => false;
    isMaximized = () => false;
    getNormalBounds = () => ({ x: 0, y: 0, width: 800, height: 600 });
    destroy = vi.fn();
  }
  const trays: Array<{
    image: unknown;
    setImage: ReturnType<typeof vi.fn>;
    setContextMenu: ReturnType<typeof vi.fn>;
    destroy: ReturnType<typeof vi.fn>;
  }> = [];
  class Tray extends EventEmitter {
    setImage = vi.fn();
    setToolTip = vi.fn();
    setContextMenu = vi.fn();
    destroy = vi.fn();
    constructor(public image: unknown) {
      super();
      trays.push(this);
    }
  }
  const session = Object.assign(new EventEmitter(), {
    webRequest: { onHeadersReceived: vi.fn() },
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
  });
  const electron = {
    app,
    BrowserWindow,
    Tray,
    ipcMain: { handle: vi.fn((ch: string, fn: Handler) => ipcHandlers.set(ch, fn)), removeAllListeners: vi.fn() },
    Menu: { buildFromTemplate: vi.fn((t: unknown) => ({ template: t })) },
    nativeImage: { createFromPath: vi.fn((file: string) => ({ file, setTemplateImage: vi.fn() })) },
    nativeTheme: Object.assign(new EventEmitter(), {
      shouldUseDarkColorsForSystemIntegratedUI: true,
      themeSource: 'system',
    }),
    dialog: {
      showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: ['/picked/rport.conf'] })),
      showSaveDialog: vi.fn(async () => ({ canceled: false, filePath: '/saved/diag.zip' })),
    },
    Notification: FakeNotification,
    powerMonitor: new EventEmitter(),
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    safeStorage: {
      isAsyncEncryptionAvailable: async () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptStringAsync: async (s: string) => Buffer.from(s),
      decryptStringAsync: async (b: Buffer) => ({ result: b.toString(), shouldReEncrypt: false }),
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }] },
    session: { defaultSession: session },
    shell: { openExternal: vi.fn(async () => {}) },
  };
  return { electron: electron as unknown as ElectronApis, app, ipcHandlers, windows, trays, session, raw: electron };
}

function fakeCore(status: Partial<AppStatus> = {}) {
  const listeners = new Set<(m: EventMessage) => void>();
  const base: AppStatus = {
    state: 'initialized',
    message: '',
    engine: null,
    supervisor: { phase: 'starting', failedReason: null, nextRestartAt: null, restartCount: 0 },
    lastUpdateAt: null,
    setupNeeded: false,
    configPath: '/c/rport.conf',
    configIssue: null,
    ...status,
  };
  const supervisor = { setRemoteCommandsBlocked: vi.fn(), onSystemResume: vi.fn() };
  let seq = 0;
  const core = {
    start: vi.fn(async () => {}),
    stop: vi.fn(async () => {}),
    handle: vi.fn(async () => ({ ok: true as const, value: null })),
    onEvent: (l: (m: EventMessage) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    status: () => base,
  };
  const handles: CoreHandles = { core, ...supervisor, log: vi.fn() };
  const emit = (event: EventMessage['event']) => listeners.forEach((l) => l({ seq: ++seq, event }));
  return { handles, core, supervisor, emit };
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rport-desktop-'));
  FakeNotification.supported = false;
  FakeNotification.shown = [];
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const start = (
  over: { argv?: string[]; platform?: NodeJS.Platform; lock?: boolean; status?: Partial<AppStatus> } = {},
) => {
  const fake = fakeElectron({ userData: dir, lock: over.lock });
  const core = fakeCore(over.status);
  const createCore = vi.fn(async (_input: CoreInput) => core.handles);
  const app = runDesktopApp(fake.electron, {
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
  return { ...fake, ...core, createCore, ready: app.ready };
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
    expect(t.handles.log).toHaveBeenCalledWith('warn', 'refused a download by the window (x.zip)');
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
