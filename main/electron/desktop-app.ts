// The desktop app's start, as a list of small steps (main/electron/startup/), in Electron's order: the
// single-instance lock, the privileged scheme and app-wide handlers before `ready`; then the log (so
// every later failure is in it), the hardened session, preferences, keychain, start at login, settings,
// the engine + app core (main/run's composition), window, IPC, tray, notifications and power events,
// and last the engine's start. A step that throws ends the app visibly: an error dialog naming the step
// and the log folder, the single-instance lock released, exit code 1 (startup/start-failure.ts).
import { loadElectronStore } from './storage/electron-preferences';
import { setupAppEvents } from './startup/app-events';
import { setupCoreEvents } from './startup/core-events';
import { DesktopState } from './startup/desktop-state';
import type { DesktopAppOptions, ElectronApis } from './startup/desktop-types';
import { setupEngine } from './startup/engine';
import { setupGpu, type GpuMode } from './startup/gpu';
import { setupIpc } from './startup/ipc';
import { setupKeychain } from './startup/keychain';
import { setupNotifications } from './startup/notifications';
import { setupPowerEvents } from './startup/power';
import { setupPreferences } from './startup/preferences';
import { setupProcessReport } from './startup/process-report';
import { setupQuit } from './startup/quit';
import { setupSession } from './startup/session';
import { setupSettings } from './startup/settings';
import { setupSingleInstance } from './startup/single-instance';
import { setupStartAtLogin } from './startup/start-at-login';
import { failStart } from './startup/start-failure';
import { asStartupFailure, StartupSteps } from './startup/startup-steps';
import { setupTray } from './startup/tray';
import { opensWindowAtStart, setupWindow } from './startup/window';

export type { CoreHandles, CoreInput, DesktopAppOptions, DesktopCore, ElectronApis } from './startup/desktop-types';

export interface DesktopApp {
  /** Resolves once the app is up, or has shown why it could not start and exited (or is a second instance). */
  ready: Promise<void>;
  /** The steps that finished, in order. */
  steps: readonly string[];
}

export function runDesktopApp(e: ElectronApis, options: DesktopAppOptions): DesktopApp {
  const state = new DesktopState();
  const steps = new StartupSteps();
  const fail = (err: unknown): Promise<void> => failStart(e, state, asStartupFailure(err));
  let gpu: GpuMode = 'default';
  try {
    const first = steps.runNow('taking the single-instance lock', () => setupSingleInstance(e.app, state));
    if (!first) return { ready: Promise.resolve(), steps: steps.done };
    steps.runNow('registering the app scheme and events', () => setupAppEvents(e, options.platform, state));
    gpu = steps.runNow('turning off the GPU process', () => setupGpu(e.app, options.platform, options.env));
    steps.runNow('preparing the quit', () => setupQuit(e.app, state, options.quitTimeoutMs));
  } catch (err) {
    return { ready: fail(err), steps: steps.done };
  }
  return { ready: startWhenReady(e, options, state, steps, gpu).catch(fail), steps: steps.done };
}

async function startWhenReady(
  e: ElectronApis,
  options: DesktopAppOptions,
  state: DesktopState,
  steps: StartupSteps,
  gpu: GpuMode,
): Promise<void> {
  const { app } = e;
  await app.whenReady();
  const userDataDir = app.getPath('userData');
  const log = state.log;
  const sink = await steps.run('opening the log', async () => (state.sink = await options.openLog()));
  log('info', `GPU: ${gpu === 'default' ? "Chromium's default (RPORT_TRAY_GPU=1)" : gpu}`);
  await steps.run('securing the session', () => setupSession(e, options.distDir, log));
  const preferences = await steps.run('opening the preferences', async () =>
    setupPreferences({ userDataDir, ipcMain: e.ipcMain, dialog: e.dialog, Store: await loadElectronStore(), log }),
  );
  const secretStore = await steps.run('opening the keychain', () =>
    setupKeychain(e.safeStorage, userDataDir, options.platform, log),
  );
  const startAtLogin = await steps.run('setting up start at login', () =>
    setupStartAtLogin(app, options, preferences, log),
  );
  const settings = await steps.run('reading the settings', () =>
    setupSettings({
      preferences,
      startAtLogin,
      platform: options.platform,
      notificationsSupported: e.Notification.isSupported(),
      nativeTheme: e.nativeTheme,
      app,
    }),
  );
  const engine = await steps.run('building the engine and app core', () =>
    setupEngine(
      {
        options,
        dialog: e.dialog,
        downloadsDir: () => app.getPath('downloads'),
        secretStore,
        preferences,
        settings,
        sink,
      },
      state,
    ),
  );
  // One line in the log after the start and after each close of the window: what each process costs.
  const processReport = setupProcessReport({ getAppMetrics: () => app.getAppMetrics(), log: (m) => log('info', m) });
  const windows = await steps.run('preparing the window', () =>
    setupWindow(e, options, preferences, state, () => processReport.windowClosed()),
  );
  await steps.run('connecting the window (IPC)', () => setupIpc(e.ipcMain, windows, engine.core, log));
  const tray = await steps.run('creating the tray icon', () =>
    setupTray({ e, options, preferences, settings, startAtLogin, engine }, state),
  );
  const notifications = await steps.run('setting up notifications', () =>
    setupNotifications(e.Notification, options, preferences, state),
  );
  await steps.run('following the app core', () =>
    setupCoreEvents({ core: engine.core, windows, tray, notifications, preferences, nativeTheme: e.nativeTheme }),
  );
  await steps.run('watching sleep and resume', () => setupPowerEvents(e.powerMonitor, engine, log));
  await steps.run('starting the engine', () => engine.start());
  const show = opensWindowAtStart({
    argv: options.argv,
    macWasOpenedAtLogin: options.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin,
    setupNeeded: engine.core.status().setupNeeded,
    secondLaunch: state.showWhenReady,
    startHidden: preferences.get().startHidden,
  });
  if (show) windows.show();
}
