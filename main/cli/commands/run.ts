// `rport-tray run`: the client headless. Loads the config (exit 3 with FILE:LINE problems), opens the
// log, starts the supervised engine worker, and stops it cleanly on SIGINT/SIGTERM (SIGHUP retries after
// the restart budget was spent). With `--ui` the app core runs instead (main/cli/headless-web-app.ts).
import path from 'node:path';
import type { CliCommand, CliIo } from '../command-types';
import { parseCommandArgs, requireOption } from '../args';
import { EXIT_INVALID_CONFIG, EXIT_OK } from '../exit-codes';
import { loadConfig, type LoadedConfig } from '../../config/load-config';
import { appDataDir } from '../../config/app-paths';
import { formatProblem } from '../../config/problems';
import type { EngineTimings } from '../../engine/engine-timings';
import { engineTimingFacts } from '../../watchdog/engine-timing-facts';
import { superviseEngine, type HeadlessService } from '../../run/headless-supervision';
import { testEngineTimings, testWatchdogPolicy } from '../../watchdog/test-overrides';
import { runWithWebUi } from '../headless-web-app';
import { openHeadlessLog, untilStopSignal } from '../../run/headless-lifecycle';
import type { LogSink } from '../../logging/log-sink';

interface RunOptions {
  configFile: string;
  /** `--ui HOST:PORT`, or null. */
  ui: string | null;
}

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'run the client headless (no Electron), optionally with the web UI',
  usage:
    'Usage: rport-tray run --config FILE [--ui 127.0.0.1:PORT]\n\n' +
    'Runs the engine in a worker process under the supervisor, which restarts it when its progress\n' +
    'goes stale or it dies. Logs go to stdout and to a rotating file: [logging] log_file when set, else\n' +
    '<data_dir>/logs/rport-tray.log. The state is kept in <data_dir>/rport-tray-status.json for\n' +
    '`rport-tray status`.\n' +
    'SIGINT/SIGTERM stop cleanly; SIGHUP starts again after the restart budget was spent.\n',
  async run(args, io) {
    const { values } = parseCommandArgs(args, { config: { type: 'string', short: 'c' }, ui: { type: 'string' } });
    return runHeadless({ configFile: requireOption(values.config, 'config'), ui: values.ui ?? null }, io);
  },
};

async function runHeadless(options: RunOptions, io: CliIo): Promise<number> {
  // With the web UI the app core owns the supervisor (and a missing config opens the setup).
  if (options.ui) return runWithWebUi({ configFile: options.configFile, ui: options.ui }, io);
  const loaded = await loadRunConfig(options.configFile, io);
  if (!loaded) return EXIT_INVALID_CONFIG;
  const sink = await openHeadlessLog(loaded.config, io);
  sink.log('info', 'cli', `rport-tray run: config ${options.configFile}, data dir ${loaded.config.client.data_dir}`);
  const service = startSupervision(loaded, options.configFile, sink);
  service.start();
  await untilStopSignal(service, sink);
  await sink.close();
  return EXIT_OK;
}

/** The loaded config, or null after printing its problems when it has errors (warnings are printed too). */
async function loadRunConfig(file: string, io: CliIo): Promise<LoadedConfig | null> {
  const loaded = await loadConfig(file, { defaultDataDir: appDataDir() });
  for (const problem of loaded.problems) io.stderr(`${formatProblem(problem)}\n`);
  return loaded.ok ? loaded : null;
}

function startSupervision(loaded: LoadedConfig, configPath: string, sink: LogSink): HeadlessService {
  return superviseEngine({
    config: loaded.config,
    // The status file is read from other folders: a relative --config would mean nothing there.
    configPath: path.resolve(configPath),
    lockedKeys: loaded.lockedKeys,
    sink,
    engineTiming: engineTimingFacts(testEngineTimings<EngineTimings>()),
    policy: testWatchdogPolicy(),
  });
}
