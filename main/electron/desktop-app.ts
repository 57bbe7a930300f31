// Composes the desktop app from Electron's objects (passed in, so a test can hand in fakes) and the app
// core (created by `createCore`). Order matters and is Electron's: single-instance lock, privileged
// scheme and AppUserModelId before `ready`; session hardening, app:// handler, IPC and tray after it.

import type * as ElectronModule from 'electron';
import path from 'node:path';
import {
  EVENT_CHANNEL,
  REQUEST_NAMES,
  requestChannel,
  type AppStatus,
  type EventMessage,
  type RequestName,
  type RequestOutcome,
} from '../shared/contract';
import type { FileDialogs, SettingsPort } from '../app/core/app-ports';
import type { Preferences } from '../config/preferences';
import type { SecretStore } from '../config/secret-store';
import type { WorkerHost } from '../watchdog/worker-host';
import { APP_ID, AUTOSTART_ENTRY_ID, PRODUCT_NAME } from './app-identity';
import { createAutoStart, type AutoStart } from './autostart/auto-start';
import { startedAtLogin, type LaunchEnvironment } from './autostart/launch-target';
import { createFileDialogs } from './dialogs/file-dialogs';
import { DesktopNotifier } from './notifications/desktop-notifier';
import { preferenceFor } from './notifications/desktop-notices';
import { NotificationController } from './notifications/notification-controller';
import { NotificationGate } from './notifications/notification-gate';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './security/app-protocol';
import { withCspHeader } from './security/content-security-policy';
import { refuseDownloads } from './security/download-guard';
import { ipcRequestHandler } from './security/ipc-guard';
import { reachableOn } from './security/window-options';
import { APP_SCHEME, RENDERER_ENTRY_URL } from './security/renderer-origin';
import { denyPermissionsByDefault, guardWebContents, isAllowedExternalUrl } from './security/web-contents-guards';
import { DesktopSettings } from './settings/desktop-settings';
import { loadElectronStore, openElectronPreferences } from './storage/electron-preferences';
import { SafeStorageSecretStore } from './storage/safe-storage-secret-store';
import type { TrayAction, TrayMenuInput } from './tray/tray-menu-model';
import { TrayController } from './tray/tray-controller';
import type { TrayPlatform } from './tray/tray-icon-file';
import { snapshotFromStatus, type DesktopSnapshot } from './tray/tray-state';
import { WindowController, type WindowLike } from './window/window-controller';

export type ElectronApis = Pick<
  typeof ElectronModule,
  | 'app'
  | 'BrowserWindow'
  | 'dialog'
  | 'ipcMain'
  | 'Menu'
  | 'nativeImage'
  | 'nativeTheme'
  | 'Notification'
  | 'powerMonitor'
  | 'protocol'
  | 'safeStorage'
  | 'screen'
  | 'session'
  | 'shell'
  | 'Tray'
>;

/** The app core as the desktop layer uses it (AppCore satisfies it). */
export interface DesktopCore {
  start(): Promise<void>;
  stop(): Promise<void>;
  handle(name: RequestName, params: unknown): Promise<RequestOutcome<unknown>>;
  onEvent(listener: (message: EventMessage) => void): () => void;
  status(): AppStatus;
}

export interface CoreHandles {
  core: DesktopCore;
  /** The tray's switch (the UI contract has no request for it): applied now and to every later run. */
  setRemoteCommandsBlocked(blocked: boolean): void;
  /** The machine woke up: the running engine's watchdog gets a grace period. */
  onSystemResume(): void;
  log(level: 'error' | 'warn' | 'info', message: string): void;
}

export interface CoreInput {
  workerHost: WorkerHost;
  secretStore: SecretStore;
  preferences: Preferences;
  /** Preferences as the window edits them, start at login applied through the login item. */
  settings: SettingsPort;
  dialogs: FileDialogs;
}

export interface DesktopAppOptions {
  /** Builds the app core (config service, supervisor over `workerHost`, connection test). */
  createCore(input: CoreInput): Promise<CoreHandles>;
  /** Builds the engine worker host (Electron's utilityProcess); only called after `ready`. */
  createWorkerHost(): WorkerHost;
  /** dist/ (bundles and dist/renderer). */
  distDir: string;
  /** Folder holding tray/ and app-icon.png: process.resourcesPath when packaged, build/ in a dev run. */
  resourcesDir: string;
  /** The Linux/Windows window and notification icon. */
  appIconPath: string;
  argv: readonly string[];
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  execPath: string;
  /** How long Quit waits for the engine to stop before leaving anyway. */
  quitTimeoutMs?: number;
}

export interface DesktopApp {
  /** Resolves once the app is up (or right away in a second instance, which quits). */
  ready: Promise<void>;
}

export function runDesktopApp(e: ElectronApis, options: DesktopAppOptions): DesktopApp {
  const { app } = e;
  // A second copy only wakes the first one (its `second-instance` shows the window) and leaves.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { ready: Promise.resolve() };
  }
  e.protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  // Windows matches toasts and the taskbar entry to the installer's shortcut by this id.
  if (options.platform === 'win32') app.setAppUserModelId(APP_ID);

  let windows: WindowController | null = null;
  let showWhenReady = false;
  app.on('second-instance', () => {
    if (windows) windows.show();
    else showWhenReady = true;
  });
  // macOS starts no second process when the running app is opened again (Finder, Spotlight, Launchpad):
  // it sends a reopen, which Electron emits as `activate`. Without this the window would not come up.
  app.on('activate', () => windows?.show());
  // The app lives in the tray: closing the last window must not quit it.
  app.on('window-all-closed', () => {});
  // Every webContents ever created (our window's included, and any other) gets the navigation and
  // window-open guards, here and only here.
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, openExternal));

  const state = {
    quitting: false,
    stopped: false,
    log: (_l: 'error' | 'warn' | 'info', m: string) => console.error(m),
  };
  let handles: CoreHandles | null = null;
  let tray: TrayController<Electron.NativeImage, Electron.Menu> | null = null;
  app.on('before-quit', (event) => {
    if (state.stopped) return;
    // Stop the engine cleanly first (ask, then SIGKILL after a grace: the supervisor's job), then quit.
    event.preventDefault();
    if (state.quitting) return;
    state.quitting = true;
    const stop = handles ? handles.core.stop() : Promise.resolve();
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, options.quitTimeoutMs ?? 10_000).unref());
    void Promise.race([
      stop.catch((err: unknown) => state.log('error', `stopping the engine failed: ${String(err)}`)),
      timeout,
    ]).finally(() => {
      tray?.dispose();
      tray = null;
      state.stopped = true;
      app.quit();
    });
  });

  function openExternal(url: string): void {
    if (isAllowedExternalUrl(url)) void e.shell.openExternal(url);
  }

  const ready = (async () => {
    await app.whenReady();
    const session = e.session.defaultSession;
    session.webRequest.onHeadersReceived((details, callback) =>
      callback({ responseHeaders: withCspHeader(details.responseHeaders) }),
    );
    denyPermissionsByDefault(session);
    e.protocol.handle(APP_SCHEME, createAppProtocolHandler(path.join(options.distDir, 'renderer')));

    const userData = app.getPath('userData');
    const preferences = openElectronPreferences(userData, e.ipcMain, await loadElectronStore());
    const secretStore = await SafeStorageSecretStore.open(
      e.safeStorage,
      path.join(userData, 'secrets.json'),
      options.platform,
    );
    const launch: LaunchEnvironment = {
      platform: options.platform,
      execPath: options.execPath,
      env: options.env,
      isPackaged: app.isPackaged,
      appPath: app.getAppPath(),
    };
    const autoStart: AutoStart = createAutoStart(app, launch, {
      entryId: AUTOSTART_ENTRY_ID,
      name: PRODUCT_NAME,
      comment: 'Keeps this machine reachable through an rportd server',
    });
    const autoStartAvailable = app.isPackaged || options.platform !== 'linux';
    // First start of an installed app: the preference (on by default) becomes a real login item once.
    const firstPrefs = preferences.get();
    let loginItemError: string | null = null;
    if (app.isPackaged && firstPrefs.autoStart && !firstPrefs.setupComplete) {
      const enabled = await autoStart.isEnabled().catch(() => false);
      if (!enabled) {
        await autoStart.setEnabled(true).catch((err: unknown) => {
          loginItemError = `could not add the login item: ${String(err)}`;
        });
      }
    }
    const settings = await DesktopSettings.open({
      preferences,
      autoStart,
      platform: options.platform,
      autoStartAvailable,
      notificationsSupported: e.Notification.isSupported(),
    });
    e.nativeTheme.themeSource = preferences.get().theme;
    // The window, when open, is the parent of the dialogs so they are modal to it.
    let dialogParent: Electron.BrowserWindow | null = null;
    const dialogs = createFileDialogs({
      dialog: e.dialog,
      parent: () => (dialogParent && !dialogParent.isDestroyed() ? dialogParent : null),
      defaultSaveDir: () => app.getPath('downloads'),
    });
    handles = await options.createCore({
      workerHost: options.createWorkerHost(),
      secretStore,
      preferences,
      settings,
      dialogs,
    });
    const core = handles.core;
    state.log = handles.log;
    if (!secretStore.isAvailable())
      handles.log('warn', `passwords stay in rport.conf: ${secretStore.unavailableReason()}`);
    if (loginItemError) handles.log('warn', loginItemError);
    refuseDownloads(session, (name) => handles?.log('warn', `refused a download by the window (${name})`));

    windows = new WindowController({
      createWindow: (windowOptions) => {
        const win = new e.BrowserWindow(windowOptions);
        dialogParent = win;
        return win as unknown as WindowLike;
      },
      preloadPath: path.join(options.distDir, 'preload.cjs'),
      url: RENDERER_ENTRY_URL,
      title: PRODUCT_NAME,
      icon: options.platform === 'darwin' ? undefined : options.appIconPath,
      devTools: !app.isPackaged,
      loadBounds: () => preferences.get().windowBounds,
      positionReachable: (bounds) =>
        reachableOn(
          bounds,
          e.screen.getAllDisplays().map((display) => display.workArea),
        ),
      saveBounds: (bounds) =>
        preferences.update({ windowBounds: { ...bounds, x: Math.round(bounds.x), y: Math.round(bounds.y) } }),
      isQuitting: () => state.quitting,
      focusApp: () => {
        if (options.platform === 'darwin') app.focus({ steal: true });
      },
      log: (message) => handles?.log('warn', message),
    });

    for (const name of REQUEST_NAMES) {
      e.ipcMain.handle(
        requestChannel(name),
        ipcRequestHandler(name, {
          isOurWebContents: (id) => windows?.isOurWebContents(id) ?? false,
          dispatch: (n, params) => core.handle(n, params),
          onRejected: (channel, reason) => handles?.log('warn', `refused IPC ${channel}: ${reason}`),
        }),
      );
    }

    let snapshot: DesktopSnapshot = { engine: null, supervisor: null };
    const trayInput = (): TrayMenuInput => ({
      ...snapshot,
      startAtLogin: settings.loginItemEnabled,
      startAtLoginAvailable: autoStartAvailable,
      productName: PRODUCT_NAME,
    });
    const dispatch = (action: TrayAction) => void runTrayAction(action);
    tray = new TrayController(
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
          style: preferences.get().iconStyle,
          // Windows says whether its taskbar is dark; Linux panels are dark nearly everywhere.
          darkBackground: options.platform === 'win32' ? e.nativeTheme.shouldUseDarkColorsForSystemIntegratedUI : true,
        }),
        dispatch,
        openOnClick: options.platform !== 'darwin',
      },
      trayInput(),
    );
    e.nativeTheme.on('updated', () => tray?.update(trayInput()));

    const notifications = new NotificationController(
      new NotificationGate({
        show: new DesktopNotifier(
          { isSupported: () => e.Notification.isSupported(), create: (o) => new e.Notification(o) },
          {
            icon: options.platform === 'darwin' ? undefined : options.appIconPath,
            onClick: (notice) => windows?.show(notice.view),
          },
        ).show,
        enabled: (notice) => preferences.get().notifications[preferenceFor(notice.kind)],
        windowFocused: () => windows?.isFocused() ?? false,
      }),
    );

    // Once a config exists the first start is over: the login item is not added again on later starts
    // (the user may have removed it in the OS settings).
    let setupComplete = preferences.get().setupComplete;
    core.onEvent((message) => {
      windows?.send(EVENT_CHANNEL, message);
      const event = message.event;
      if (event.type === 'status') {
        if (!setupComplete && !event.status.setupNeeded) {
          setupComplete = true;
          preferences.update({ setupComplete: true });
        }
        snapshot = snapshotFromStatus(event.status);
        tray?.update(trayInput());
        notifications.onSnapshot(snapshot);
        notifications.onConfigIssue(event.status.configIssue);
      } else if (event.type === 'settings') {
        // Icon style and "Start at login" show in the tray; the theme also colours native dialogs and menus.
        tray?.update(trayInput());
        e.nativeTheme.themeSource = event.settings.preferences.theme;
      } else if (event.type === 'activity') {
        notifications.onActivity(event.activity);
      } else if (event.type === 'timeline' && event.entry.kind === 'restart') {
        notifications.onRestart(event.entry);
      }
    });

    // After sleep the engine's silence is the machine's, not a hang: the watchdog gets a grace period.
    e.powerMonitor.on('suspend', () => handles?.log('info', 'the system is going to sleep'));
    e.powerMonitor.on('resume', () => {
      handles?.log('info', 'the system resumed');
      handles?.onSystemResume();
    });
    e.powerMonitor.on('unlock-screen', () => handles?.onSystemResume());

    async function runTrayAction(action: TrayAction): Promise<void> {
      const request = async (name: RequestName, params?: unknown) => {
        const outcome = await core.handle(name, params);
        if (!outcome.ok) handles?.log('warn', `tray: ${name} failed: ${outcome.error.message}`);
      };
      switch (action.type) {
        case 'open':
          return windows?.show();
        case 'edit-config':
          return windows?.show('config');
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
          handles?.setRemoteCommandsBlocked(action.blocked);
          handles?.log(
            'info',
            action.blocked ? 'remote commands blocked from the tray' : 'remote commands allowed again',
          );
          return;
        case 'set-start-at-login':
          // Through the core like the window's Settings, so both show the same (the login item's) state.
          return request('updatePreferences', { autoStart: action.enabled });
      }
    }

    await core.start();
    const status = core.status();
    const loginStart = startedAtLogin(
      options.argv,
      options.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin,
    );
    // A login start stays in the tray (unless the user turned "start hidden" off); a start by hand, a
    // second launch or a missing setup opens the window.
    if (status.setupNeeded || showWhenReady || !loginStart || !preferences.get().startHidden) windows.show();
  })();
  ready.catch((err: unknown) => {
    state.log('error', `the app could not start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  });
  return { ready };
}

function trayPlatform(platform: NodeJS.Platform): TrayPlatform {
  return platform === 'darwin' || platform === 'win32' ? platform : 'linux';
}
