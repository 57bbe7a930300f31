// The one composition of "watch the rport service installed on this machine + app core" (issue 17),
// the service-mode sibling of supervised-app.ts: the desktop app in service mode and `rport-tray
// watch-service` (with or without --ui) run it. The app core follows the service's watchdog
// (main/watchdog/service/) instead of an engine, and edits the service's rport.conf with the same editor:
// validated, `.bak` kept, written through a save helper where this user may not write it, and the service
// restarted only when its effective config changed. The watchdog's lines go to the log sink, its
// restarts to a record file that outlives the run.
import type { AppInfo, InstalledService } from '../shared/contract';
import { AppCore } from '../app/core/app-core';
import type { FileDialogs, SettingsPort, SupervisorHandle } from '../app/core/app-ports';
import { AppError } from '../app/core/app-error';
import { configImportPort } from '../app/import/config-import';
import { engineConnectionTester } from '../app/setup/connection-tester';
import { goServiceDataDir } from '../config/app-paths';
import { ConfigService } from '../config/config-service';
import { currentPlatform, type ConfigPlatform } from '../config/defaults';
import type { LogSink } from '../logging/log-sink';
import { configSecrets, literalSecretScrubber } from '../shared/secrets';
import type { RportConfig } from '../shared/types/config-types';
import { effectiveConfigChanged } from '../watchdog/service/effective-config-change';
import { elevatedConfigWriter } from '../watchdog/service/elevated-config-write';
import type { ServiceManager } from '../watchdog/service/service-manager';
import type { ServiceTarget } from '../watchdog/service/service-target';
import type { ServiceWatchPolicyOverrides } from '../watchdog/service/service-watch-policy';
import { readServiceWatchRecord, writeServiceWatchRecord } from '../watchdog/service/service-watch-record';
import { ServiceWatcher } from '../watchdog/service/service-watcher';
import type { SupervisedApp } from './supervised-app';

export interface ServiceWatchAppOptions {
  target: ServiceTarget;
  manager: ServiceManager;
  sink: LogSink;
  mode: AppInfo['mode'];
  settings: SettingsPort;
  /** The app's own data folder (the setup's data_dir; the import's). */
  appDataDir: string;
  /** Where the watchdog keeps its restarts between runs; null: nowhere. */
  recordFile: string | null;
  policy?: ServiceWatchPolicyOverrides;
  /** Writes the service's rport.conf when this user may not (`<helper> SOURCE TARGET`); null: the OS default. */
  saveHelper?: readonly string[] | null;
  dialogs?: FileDialogs;
  logCapacity?: number;
  /** Headless: guess suspend/resume from clock jumps; the desktop gets powerMonitor's resume instead. */
  detectClockJumps?: boolean;
  installedServices?: () => Promise<InstalledService[]>;
  platform?: ConfigPlatform;
  watchDebounceMs?: number;
}

export interface ServiceWatchApp extends SupervisedApp {
  readonly watcher: ServiceWatcher;
}

const NOT_FOR_A_SERVICE =
  'the rport service runs on its own: pause it or switch its server with its service manager or its rport.conf';

export async function composeServiceWatchApp(options: ServiceWatchAppOptions): Promise<ServiceWatchApp> {
  const { target, sink } = options;
  const platform = options.platform ?? currentPlatform();
  const config = new ConfigService({
    file: target.configPath,
    // The Go service's own default data_dir, and no policy: the service reads neither of the app's.
    defaultDataDir: goServiceDataDir(platform),
    platform,
    policyPath: null,
    write: elevatedConfigWriter({ helper: options.saveHelper ?? null, platform }),
    ...(options.watchDebounceMs !== undefined ? { watchDebounceMs: options.watchDebounceMs } : {}),
  });
  await config.load();
  const serviceName = options.manager.serviceName;
  const record = options.recordFile
    ? await readServiceWatchRecord(options.recordFile, serviceName).catch((err: unknown) => {
        sink.log('warn', 'service-watch', `${err instanceof Error ? err.message : String(err)}; starting a new record`);
        return null;
      })
    : null;
  const watcher = new ServiceWatcher({
    target,
    manager: options.manager,
    platform,
    ...(options.policy ? { policy: options.policy } : {}),
    ...(record ? { history: record.restarts, failedReason: record.failedReason } : {}),
    detectClockJumps: options.detectClockJumps ?? false,
  });

  // The log knows the secrets of every version of the service's config this run has seen.
  const known = new Set<string>();
  const followSecrets = (c: RportConfig | undefined): void => {
    if (!c) return;
    for (const secret of configSecrets(c)) known.add(secret);
    sink.setScrubber(literalSecretScrubber([...known]));
  };
  followSecrets(config.lastGood?.config);
  let saving: Promise<void> = Promise.resolve();
  let savedKey = '';
  watcher.on((event) => {
    if (event.type === 'log') sink.write(event.line);
    if (!options.recordFile || (event.type !== 'restart' && event.type !== 'supervisor')) return;
    const file = options.recordFile;
    const view = watcher.current();
    const key = `${view.restartCount}|${view.failedReason ?? ''}`;
    if (key === savedKey) return;
    savedKey = key;
    const content = { version: 1 as const, serviceName, restarts: view.restarts, failedReason: view.failedReason };
    saving = saving
      .then(() => writeServiceWatchRecord(file, content))
      .catch((err: unknown) =>
        sink.log('warn', 'service-watch', `cannot write ${file}: ${err instanceof Error ? err.message : String(err)}`),
      );
  });

  let running: RportConfig | null = config.lastGood?.config ?? null;
  const refuse = (): never => {
    throw new AppError('invalid-state', NOT_FOR_A_SERVICE);
  };
  const handle: SupervisorHandle = {
    start: async () => watcher.start(),
    stop: () => watcher.stop(),
    pause: refuse,
    resume: refuse,
    switchServer: refuse,
    restart: () => void watcher.restart(),
    retry: () => watcher.retry(),
    onEvent: (listener) => watcher.on(listener),
  };

  const core = new AppCore({
    configPath: config.file,
    mode: options.mode,
    config: config.port(),
    createSupervisor: () => {
      throw new Error('service mode runs no engine of its own');
    },
    testConnection: engineConnectionTester(options.appDataDir),
    defaultDataDir: options.appDataDir,
    onOwnLog: (line) => sink.write(line),
    settings: options.settings,
    keychain: null,
    imports: configImportPort({ defaultDataDir: options.appDataDir }),
    service: {
      handle,
      async configApplied(next) {
        followSecrets(next);
        const changed = effectiveConfigChanged(running, next);
        running = next;
        if (changed) await watcher.restart('its effective config changed');
        return changed;
      },
    },
    ...(options.installedServices ? { installedServices: options.installedServices } : {}),
    ...(options.logCapacity !== undefined ? { logCapacity: options.logCapacity } : {}),
    ...(options.dialogs ? { dialogs: options.dialogs } : {}),
  });

  // An edit of the service's config by hand (sudoedit): applied like a save from the window.
  try {
    config.watch();
  } catch {
    // Its folder cannot be watched: edits from the window still apply.
  }
  config.on(() => void core.configChangedOnDisk());

  return {
    core,
    watcher,
    start: () => core.start(),
    async stop() {
      try {
        await core.stop();
        await saving;
      } finally {
        config.close();
      }
    },
    kill() {
      void watcher.stop();
      config.close();
    },
    async retry() {
      const outcome = await core.request('retry');
      if (!outcome.ok) sink.log('warn', 'app', `retry: ${outcome.error.message}`);
    },
    // The service's own remote commands follow its rport.conf, not the tray's switch.
    setRemoteCommandsBlocked: () => undefined,
    onSystemResume: () => watcher.onSystemResume(),
  };
}
