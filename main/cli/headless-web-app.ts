// `rport-tray run --config FILE --ui HOST:PORT`: the client headless with the window served as a web page
// on loopback. The app core owns the supervisor; the web UI is a thin transport over it. Without a
// config file the window opens on the first-start setup; with a broken one it opens so it can be fixed.
import path from 'node:path';
import { appDataDir } from '../config/app-paths';
import { ConfigService } from '../config/config-service';
import { defaultConfig } from '../config/defaults';
import { loadConf } from '../config/preferences';
import { formatProblem } from '../config/problems';
import type { CliIo } from './command-types';
import { EXIT_OK, EXIT_RUNTIME_ERROR, usageError } from './exit-codes';
import { openHeadlessLog, untilStopSignal } from '../run/headless-lifecycle';
import { configSecrets, literalSecretScrubber } from '../shared/secrets';
import { ListenAddressError, parseListenAddress, startWebUi, type WebUi } from '../ui-bridge';
import { AppCore } from '../app/core/app-core';
import { configImportPort } from '../app/import/config-import';
import { engineConnectionTester } from '../app/setup/connection-tester';
import { HeadlessSettings } from '../app/settings/headless-settings';
import { serviceKeychain } from '../app/passwords/keychain-port';
import { rendererDir } from '../ui-bridge/renderer-dir';
import { workerSupervisorFactory } from '../run/worker-supervisor';

export interface WebAppOptions {
  configFile: string;
  ui: string;
}

export async function runWithWebUi(
  options: WebAppOptions,
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  let listen;
  try {
    listen = parseListenAddress(options.ui);
  } catch (err) {
    if (err instanceof ListenAddressError) throw usageError(err.message);
    throw err;
  }
  const configPath = path.resolve(options.configFile);
  const defaultDataDir = appDataDir();
  const service = new ConfigService({ file: configPath, defaultDataDir });
  const loaded = await service.load();
  const exists = (await service.readText()) !== null;
  if (exists) for (const problem of loaded.problems) io.stderr(`${formatProblem(problem)}\n`);
  const config = service.lastGood?.config ?? defaultConfig(defaultDataDir);
  const sink = await openHeadlessLog(config, io);

  const core = new AppCore({
    configPath,
    mode: 'headless',
    config: service.port(),
    createSupervisor: workerSupervisorFactory({ sink, lockedKeys: () => service.lockedKeys(), env }),
    testConnection: engineConnectionTester(defaultDataDir),
    defaultDataDir,
    onOwnLog: (line) => sink.write(line),
    // Preferences (the theme) live in the app's data folder; there is no keychain and no native dialog.
    settings: new HeadlessSettings(defaultDataDir, await loadConf()),
    keychain: serviceKeychain(service),
    imports: configImportPort({ defaultDataDir }),
  });
  // Edits made with a text editor apply too (the service ignores the app's own saves). On a first start
  // the folder may not exist yet: watching starts once the setup created it.
  const watchConfig = (): void => {
    try {
      service.watch();
    } catch {
      // No folder yet.
    }
  };
  watchConfig();
  service.on(() => void core.configChangedOnDisk());
  // The sink's scrubber follows the secrets the core knows (a password typed in setup or the editor).
  core.onEvent((message) => {
    if (message.event.type === 'config-changed') {
      watchConfig();
      const current = service.lastGood?.config;
      if (current) {
        sink.setScrubber(literalSecretScrubber(configSecrets(current)));
        sink.setLevel(current.logging.log_level);
      }
    }
  });

  let ui: WebUi;
  try {
    await core.start();
    ui = await startWebUi({
      backend: core,
      listen,
      staticDir: rendererDir(env),
      onLog: (level, message) => sink.log(level, 'web-ui', message),
    });
  } catch (err) {
    sink.log('error', 'cli', `cannot start the web UI: ${err instanceof Error ? err.message : String(err)}`);
    await core.stop();
    await sink.close();
    return EXIT_RUNTIME_ERROR;
  }
  // The URL carries the token: it goes to the terminal only, never into the log file.
  io.stdout(`rport-tray: web UI at ${ui.url}\n`);

  const webUi = ui;
  await untilStopSignal(
    {
      stop: async () => {
        await webUi.close();
        await core.stop();
        service.close();
      },
      // The worker exits by itself when this process's IPC channel closes.
      kill: () => process.exit(EXIT_RUNTIME_ERROR),
      retry: () => void core.request('retry'),
    },
    sink,
  );
  await sink.close();
  return EXIT_OK;
}
