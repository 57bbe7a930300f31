// The engine + app core of the desktop app: main/run's composition (the same as `rport-tray run`) over
// Electron's utilityProcess host, with the keychain behind the config service, the desktop's settings and
// native dialogs, and no clock-jump guessing (powerMonitor's resume gives the watchdog its grace).
// Plain Node apart from the worker host, settings and dialogs it is given, which keeps it testable.
import type { ConnectionTester } from '../app/core/app-ports';
import { ConfigService } from '../config/config-service';
import { composeSupervisedApp, type SupervisedApp } from '../run/supervised-app';
import { engineTimingFacts } from '../watchdog/engine-timing-facts';
import { findInstalledServices } from '../watchdog/service/service-target';
import type { CoreInput } from './startup/desktop-types';
import { systemProxyStartOption } from './system-proxy';

export interface DesktopCoreOptions extends CoreInput {
  configPath: string;
  dataDir: string;
  testConnection: ConnectionTester;
  /** Quiet time before a change on disk is read; tests shorten it. */
  watchDebounceMs?: number;
  /** The OS's proxy per server entry (Electron's session.resolveProxy), for "use the system proxy". */
  resolveSystemProxies?: (entries: readonly string[]) => Promise<Record<string, string>>;
}

export async function createDesktopCore(options: DesktopCoreOptions): Promise<SupervisedApp> {
  const config = new ConfigService({
    file: options.configPath,
    defaultDataDir: options.dataDir,
    secretStore: options.secretStore,
    ...(options.watchDebounceMs !== undefined ? { watchDebounceMs: options.watchDebounceMs } : {}),
  });
  // Reads the administrator's policy (locked keys) before the core reads the file through the port.
  await config.load();
  return composeSupervisedApp({
    config,
    sink: options.sink,
    mode: 'electron',
    supervision: { workerHost: options.workerHost, engineTiming: engineTimingFacts(), detectClockJumps: false },
    settings: options.settings,
    testConnection: options.testConnection,
    defaultDataDir: options.dataDir,
    dialogs: options.dialogs,
    logCapacity: options.preferences.get().logViewLines,
    moreStartOptions: (runConfig) =>
      systemProxyStartOption(runConfig, options.preferences.get().useSystemProxy, options.resolveSystemProxies),
    installedServices: () => findInstalledServices(),
  });
}
