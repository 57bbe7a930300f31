// Builds the app core for the desktop app: the config service (with the keychain store), a supervisor
// per engine run over Electron's utilityProcess host (worker-supervisor.ts, shared with headless), and a
// log sink (rotated file in the data folder).
// Edits made to rport.conf with a text editor while the app runs reach the core like in a headless run.
// Plain Node apart from the worker host, settings and dialogs it is given, which keeps it testable.

import { AppCore } from '../app/core/app-core';
import type { ConnectionTester } from '../app/core/app-ports';
import { configImportPort } from '../app/import/config-import';
import { supervisedRunFactory } from '../run/worker-supervisor';
import { serviceKeychain } from '../app/passwords/keychain-port';
import { passwordOverrideFor } from '../config/config-secrets';
import { ConfigService } from '../config/config-service';
import { literalSecretScrubber } from '../shared/secrets/log-redaction';
import type { LogSink } from '../logging/log-sink';
import { configSecrets } from '../shared/secrets/config-secret-values';
import { engineTimingFacts } from '../watchdog/engine-timing-facts';
import { createSupervisor } from '../watchdog/supervisor';
import type { Supervisor } from '../watchdog/supervisor-types';
import type { CoreHandles, CoreInput } from './desktop-app';
import { systemProxyStartOption } from './system-proxy';

export interface DesktopCoreOptions extends CoreInput {
  configPath: string;
  dataDir: string;
  sink: LogSink;
  testConnection: ConnectionTester;
  /** Quiet time before a change on disk is read; tests shorten it. */
  watchDebounceMs?: number;
  /** The OS's proxy per server entry (Electron's session.resolveProxy), for "use the system proxy". */
  resolveSystemProxies?: (entries: readonly string[]) => Promise<Record<string, string>>;
}

export async function createDesktopCore(options: DesktopCoreOptions): Promise<CoreHandles> {
  const { sink } = options;
  const config = new ConfigService({
    file: options.configPath,
    defaultDataDir: options.dataDir,
    secretStore: options.secretStore,
    ...(options.watchDebounceMs !== undefined ? { watchDebounceMs: options.watchDebounceMs } : {}),
  });
  // Reads the administrator's policy (locked keys) before the core reads the file through the port.
  await config.load();
  // No secret of the config (or the keychain's password) may reach the log file.
  const scrubWith = (secrets: string[]) => sink.setScrubber(literalSecretScrubber(secrets));
  if (config.lastGood) scrubWith(configSecrets(config.lastGood.config));
  let current: Supervisor | null = null;
  // The tray's "Block remote commands" outlives one supervisor: a saved config starts a new run.
  let remoteCommandsBlocked = false;

  const createSupervisorRun = supervisedRunFactory({
    newSupervisor: () =>
      createSupervisor({
        host: options.workerHost,
        engineTiming: engineTimingFacts(),
        // powerMonitor's resume event (desktop-app.ts) gives the grace instead of guessing from clock jumps.
        detectClockJumps: false,
      }),
    sink,
    lockedKeys: () => config.lockedKeys(),
    async startOptions(run) {
      const passwordOverride = await passwordOverrideFor(run.config, run.configPath, options.secretStore);
      scrubWith(configSecrets(run.config, passwordOverride));
      const useSystemProxy = options.preferences.get().useSystemProxy;
      return {
        remoteCommandsBlocked,
        ...(passwordOverride ? { passwordOverride } : {}),
        ...(await systemProxyStartOption(run.config, useSystemProxy, options.resolveSystemProxies)),
      };
    },
    onStarted: (supervisor) => {
      current = supervisor;
    },
    onStopped: (supervisor) => {
      if (current === supervisor) current = null;
    },
  });

  const core = new AppCore({
    configPath: options.configPath,
    mode: 'electron',
    config: config.port(),
    createSupervisor: createSupervisorRun,
    testConnection: options.testConnection,
    defaultDataDir: options.dataDir,
    onOwnLog: (line) => sink.write(line),
    logCapacity: options.preferences.get().logViewLines,
    settings: options.settings,
    keychain: serviceKeychain(config),
    imports: configImportPort({ defaultDataDir: options.dataDir }),
    dialogs: options.dialogs,
  });

  // A change on disk (a text editor, `rport-tray config set`): valid → applied, invalid → the last good
  // config keeps running and the window and a notification say so. The service ignores the app's own
  // saves. On a first start the folder may not exist yet: watching starts once setup or import made it.
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
    if (message.event.type === 'config-changed') watchConfig();
  });

  return {
    core: {
      start: () => core.start(),
      async stop() {
        await core.stop();
        config.close();
        await sink.close();
      },
      handle: (name, params) => core.handle(name, params),
      onEvent: (listener) => core.onEvent(listener),
      status: () => core.status(),
    },
    setRemoteCommandsBlocked(blocked) {
      // Kept for the next run even when no engine runs now (setup, a config with errors).
      remoteCommandsBlocked = blocked;
      current?.setRemoteCommandsBlocked(blocked);
    },
    onSystemResume: () => current?.onSystemResume(),
    log: (level, message) => sink.log(level, 'desktop', message),
  };
}
