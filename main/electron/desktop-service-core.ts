// The desktop app in service mode (issue 17): main/run's service-watch composition (the same as
// `rport-tray watch-service --ui`) following the rport service installed on this machine, with the
// service as the Settings say (or the administrator's policy pins), the desktop's settings and native
// dialogs, and no clock-jump guessing (powerMonitor's resume gives the watchdog its grace).
import type { ServiceSettings } from '../shared/contract';
import { composeServiceWatchApp, type ServiceWatchApp } from '../run/service-watch-app';
import { splitCommandLine } from '../watchdog/service/command-runner';
import { createServiceManager } from '../watchdog/service/create-service-manager';
import type { ServiceManager } from '../watchdog/service/service-manager';
import { findInstalledServices, resolveServiceTarget } from '../watchdog/service/service-target';
import { serviceWatchRecordPath } from '../watchdog/service/service-watch-record';
import type { CoreInput } from './startup/desktop-types';

export interface DesktopServiceCoreOptions extends Omit<CoreInput, 'workerHost' | 'secretStore'> {
  service: ServiceSettings;
  /** The app's data folder: the watch record lives there. */
  dataDir: string;
  /** Tests give a fake service manager. */
  manager?: ServiceManager;
  watchDebounceMs?: number;
}

const command = (text: string | null): string[] | null => (text === null ? null : splitCommandLine(text));

export async function createDesktopServiceCore(options: DesktopServiceCoreOptions): Promise<ServiceWatchApp> {
  const { service } = options;
  const target = await resolveServiceTarget(service);
  const manager =
    options.manager ??
    createServiceManager({
      serviceName: target.serviceName,
      statusCommand: command(service.statusCommand),
      restartCommand: command(service.restartCommand),
    });
  return composeServiceWatchApp({
    target,
    manager,
    sink: options.sink,
    mode: 'electron',
    settings: options.settings,
    appDataDir: options.dataDir,
    recordFile: serviceWatchRecordPath(options.dataDir, target.serviceName),
    saveHelper: command(service.saveHelper),
    dialogs: options.dialogs,
    logCapacity: options.preferences.get().logViewLines,
    detectClockJumps: false,
    installedServices: () => findInstalledServices(),
    ...(options.watchDebounceMs !== undefined ? { watchDebounceMs: options.watchDebounceMs } : {}),
  });
}
