// Fakes of the Electron objects, the engine + app core and the log sink for the desktop app's tests
// (desktop-app.test.ts and startup/*.test.ts; the log sink is ../run/fake-log-sink.ts): what they were asked is recorded, what Electron would emit
// a test emits. `electron` itself is mocked by each test file (vi.mock is hoisted per file).
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';
import type { CoreHandles, ElectronApis } from '../../../main/electron/desktop-app';
import type { AppStatus, EventMessage } from '../../../main/shared/contract';

type Handler = (...args: never[]) => unknown;

export class FakeNotification {
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

export function fakeElectron(opts: { lock?: boolean; userData: string; packaged?: boolean }) {
  // The OS's login item (Windows Run key / macOS SMAppService): what was set is what is read back.
  const loginItem = { openAtLogin: false };
  const app = Object.assign(new EventEmitter(), {
    isPackaged: opts.packaged ?? false,
    requestSingleInstanceLock: vi.fn(() => opts.lock ?? true),
    releaseSingleInstanceLock: vi.fn(),
    quit: vi.fn(),
    exit: vi.fn(),
    setAppUserModelId: vi.fn(),
    disableHardwareAcceleration: vi.fn(),
    commandLine: { appendSwitch: vi.fn() },
    getAppMetrics: vi.fn(() => []),
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
      showErrorBox: vi.fn(),
      showMessageBox: vi.fn(async () => ({ response: 0, checkboxChecked: false })),
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

export function fakeCore(status: Partial<AppStatus> = {}) {
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
  const handles: CoreHandles = { core, start: core.start, stop: core.stop, ...supervisor };
  const emit = (event: EventMessage['event']) => listeners.forEach((l) => l({ seq: ++seq, event }));
  return { handles, core, supervisor, emit };
}
