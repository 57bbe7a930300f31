// The one composition of "supervise the engine + app core" that `rport-tray run`, `run --ui` and the
// desktop app all run: the app core over the config service (rport.conf loaded, then watched so a hand
// edit is applied when valid), a supervisor per engine run over the worker host it is given (fork
// headless, utilityProcess in the app), the status file, and the log sink with its secrets scrubber and
// level following the config. Transports attach to `core`: the web UI (cli), IPC and the tray (electron).
import type { AppInfo } from '../shared/contract';
import { AppCore, type AppCoreOptions } from '../app/core/app-core';
import type { ConnectionTester, FileDialogs, SettingsPort } from '../app/core/app-ports';
import { configImportPort } from '../app/import/config-import';
import { serviceKeychain } from '../app/passwords/keychain-port';
import { passwordOverrideFor } from '../config/config-secrets';
import type { ConfigService } from '../config/config-service';
import type { LogSink } from '../logging/log-sink';
import { configSecrets, literalSecretScrubber } from '../shared/secrets';
import type { RportConfig } from '../shared/types/config-types';
import type { SupervisorStartInput } from '../watchdog/supervisor-types';
import { supervisedRuns, type SupervisionOptions } from './supervised-runs';

export interface SupervisedAppOptions {
  /** The config service, loaded (its policy gives the locked keys; its secret store the keychain). */
  config: ConfigService;
  sink: LogSink;
  mode: AppInfo['mode'];
  supervision: SupervisionOptions;
  settings: SettingsPort;
  testConnection: ConnectionTester;
  /** `data_dir` of a config written by the first-start setup. */
  defaultDataDir: string;
  /** Native file dialogs (the app); absent headless. */
  dialogs?: FileDialogs;
  /** Log lines the window can scroll back through. */
  logCapacity?: number;
  /** More engine start options for a run, from the caller's side (the desktop's system proxies). */
  moreStartOptions?: (config: RportConfig) => Promise<Partial<SupervisorStartInput>>;
  /** The rport services installed here, which Setup offers to watch instead (issue 17). */
  installedServices?: AppCoreOptions['installedServices'];
}

export interface SupervisedApp {
  /** What the web UI, IPC and the tray talk to. */
  readonly core: AppCore;
  /** Reads the config and starts the engine; with no config, waits for the setup. */
  start(): Promise<void>;
  /** Stops the engine (ask, then SIGKILL after the grace) and stops watching the config. */
  stop(): Promise<void>;
  /** A second stop request: SIGKILL the worker now and write the final status. */
  kill(): void;
  /** After `failed`: a fresh restart budget (SIGHUP headless, Retry in the tray and the window). */
  retry(): Promise<void>;
  setRemoteCommandsBlocked(blocked: boolean): void;
  onSystemResume(): void;
}

export function composeSupervisedApp(options: SupervisedAppOptions): SupervisedApp {
  const { config, sink } = options;
  const log = followConfigInLog(sink);
  if (config.lastGood) log.follow(config.lastGood.config);

  const runs = supervisedRuns({
    ...options.supervision,
    sink,
    lockedKeys: () => config.lockedKeys(),
    async startOptions(run) {
      const passwordOverride = await passwordOverrideFor(run.config, run.configPath, config.secretStore);
      // The keychain's password is a secret of this run too, though the file does not show it.
      log.follow(run.config, passwordOverride);
      const more = options.moreStartOptions ? await options.moreStartOptions(run.config) : {};
      return { ...more, ...(passwordOverride ? { passwordOverride } : {}) };
    },
  });

  const core = new AppCore({
    configPath: config.file,
    mode: options.mode,
    config: config.port(),
    createSupervisor: runs.factory,
    testConnection: options.testConnection,
    defaultDataDir: options.defaultDataDir,
    onOwnLog: (line) => sink.write(line),
    settings: options.settings,
    keychain: serviceKeychain(config),
    imports: configImportPort({ defaultDataDir: options.defaultDataDir }),
    ...(options.logCapacity !== undefined ? { logCapacity: options.logCapacity } : {}),
    ...(options.dialogs ? { dialogs: options.dialogs } : {}),
    remoteCommands: { setBlocked: (blocked) => runs.setRemoteCommandsBlocked(blocked) },
    ...(options.installedServices ? { installedServices: options.installedServices } : {}),
  });

  // A change on disk (a text editor, `rport-tray config set`): valid → applied, invalid → the last good
  // config keeps running and the core says so. The service ignores the app's own saves. On a first start
  // the folder may not exist yet: watching starts once the setup or an import created it.
  const watchConfig = (): void => {
    try {
      config.watch();
    } catch {
      // No folder yet.
    }
  };
  watchConfig();
  config.on(() => void core.configChangedOnDisk());
  core.onEvent((message) => {
    if (message.event.type !== 'config-changed') return;
    watchConfig();
    if (config.lastGood) log.follow(config.lastGood.config);
  });

  return {
    core,
    start: () => core.start(),
    async stop() {
      try {
        await core.stop();
      } finally {
        config.close();
      }
    },
    kill() {
      runs.kill();
      config.close();
    },
    async retry() {
      const outcome = await core.request('retry');
      if (!outcome.ok) sink.log('warn', 'app', `retry: ${outcome.error.message}`);
    },
    // Through the core, so the window and the tray show the switch the same at once.
    setRemoteCommandsBlocked: (blocked) => core.setRemoteCommandsBlocked(blocked),
    onSystemResume: () => runs.onSystemResume(),
  };
}

/**
 * The sink's scrubber knows every secret of every config this process has run or loaded (a password that
 * left the file for the keychain, or was changed, stays masked), and its level is the config's.
 */
function followConfigInLog(sink: LogSink): { follow(config: RportConfig, passwordOverride?: string): void } {
  const known = new Set<string>();
  return {
    follow(config, passwordOverride) {
      for (const secret of configSecrets(config, passwordOverride)) known.add(secret);
      sink.setScrubber(literalSecretScrubber([...known]));
      sink.setLevel(config.logging.log_level);
    },
  };
}
