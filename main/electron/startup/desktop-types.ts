// What the desktop app's start-up steps share: the Electron objects (passed in, so a test can hand in
// fakes), the options electron-main gives, and the engine + app core as the desktop layer uses them.
import type * as ElectronModule from 'electron';
import type { AppStatus, EventMessage, RequestName, RequestOutcome } from '../../shared/contract';
import type { FileDialogs, SettingsPort } from '../../app/core/app-ports';
import type { Preferences } from '../../config/preferences';
import type { SecretStore } from '../../config/secret-store';
import type { LogSink } from '../../logging/log-sink';
import type { WorkerHost } from '../../watchdog/worker-host';

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

/** The app core as the window and the tray use it (AppCore satisfies it). */
export interface DesktopCore {
  handle(name: RequestName, params: unknown): Promise<RequestOutcome<unknown>>;
  onEvent(listener: (message: EventMessage) => void): () => void;
  status(): AppStatus;
}

/** The engine and the app core (main/run's SupervisedApp satisfies it). */
export interface CoreHandles {
  core: DesktopCore;
  /** Reads the config and starts the engine (or waits for the setup). */
  start(): Promise<void>;
  /** Stops the engine cleanly (ask, then SIGKILL after a grace) and stops watching the config. */
  stop(): Promise<void>;
  /** The tray's switch (the UI contract has no request for it): applied now and to every later run. */
  setRemoteCommandsBlocked(blocked: boolean): void;
  /** The machine woke up: the running engine's watchdog gets a grace period. */
  onSystemResume(): void;
}

export interface CoreInput {
  workerHost: WorkerHost;
  secretStore: SecretStore;
  preferences: Preferences;
  /** Preferences as the window edits them, start at login applied through the login item. */
  settings: SettingsPort;
  dialogs: FileDialogs;
  sink: LogSink;
}

export interface DesktopAppOptions {
  /** Opens the app's log; the first step after `ready`, so every later failure is written to it. */
  openLog(): Promise<LogSink>;
  /** Builds the engine + app core (main/run's composition over `workerHost`). */
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
