// `rport-tray run` (with or without --ui) up to the point where a transport attaches: rport.conf loaded
// through the config service (its problems on stderr as FILE:LINE), the log opened (stdout plus the
// rotating file, secrets scrubbed), and the supervised app composed over a forked engine worker with the
// headless settings. Without the web UI a config with errors ends the run (exit 3); with it, the window
// opens on the setup (no file) or the editor (errors).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { lazyEngineConnectionTester } from '../app/setup/lazy-connection-tester';
import { HeadlessSettings } from '../app/settings/headless-settings';
import { appDataDir } from '../config/app-paths';
import { ConfigService } from '../config/config-service';
import { defaultConfig } from '../config/defaults';
import { loadConf } from '../config/conf-store';
import { formatProblem } from '../config/problems';
import type { EngineTimings } from '../engine/engine-timings';
import { createLogSink, type LogSink } from '../logging/log-sink';
import { configSecrets, literalSecretScrubber } from '../shared/secrets';
import type { RportConfig } from '../shared/types/config-types';
import { engineTimingFacts } from '../watchdog/engine-timing-facts';
import { engineWorkerPath } from '../watchdog/engine-worker-path';
import { createForkWorkerHost } from '../watchdog/fork-worker-host';
import { workerMemoryEnv } from '../watchdog/worker-memory-env';
import { longestQuietMs } from '../watchdog/quiet-time';
import type { SupervisorEvent } from '../watchdog/supervisor-types';
import { findInstalledServices } from '../watchdog/service/service-target';
import { testEngineTimings, testWatchdogPolicy } from '../watchdog/test-overrides';
import type { ConsoleIo } from './console-io';
import { composeSupervisedApp, type SupervisedApp } from './supervised-app';
import type { SupervisionOptions } from './supervised-runs';

export interface HeadlessRunOptions {
  configFile: string;
  /** With the web UI: a missing or broken config opens the window instead of ending the run. */
  withWindow: boolean;
  env?: NodeJS.ProcessEnv;
  /** The app's data folder (setup's `data_dir`, preferences, the log without a config). */
  defaultDataDir?: string;
  /**
   * Called with the data dir before anything is written there (the log): the CLI takes its one-run-per-
   * data-dir lock here (main/run/instance-lock.ts). What it throws ends the start, nothing opened.
   */
  claimDataDir?: (dataDir: string) => void;
  /** Sees every supervisor event (systemd's watchdog under NOTIFY_SOCKET). */
  observeSupervisor?: (event: SupervisorEvent) => void;
}

export type HeadlessRunStart =
  /** `longestQuietMs`: of the config loaded at start (main/watchdog/quiet-time.ts), for external watchdogs. */
  | { ok: true; app: SupervisedApp; sink: LogSink; longestQuietMs: number | null }
  /** The config has errors (printed) and there is no window to fix it in. */
  | { ok: false };

export async function openHeadlessRun(options: HeadlessRunOptions, io: ConsoleIo): Promise<HeadlessRunStart> {
  const env = options.env ?? process.env;
  const defaultDataDir = options.defaultDataDir ?? appDataDir();
  // Before anything is opened: a checkout without the worker bundle fails here, with the fix in the message.
  const supervision = forkSupervision(env);
  if (options.observeSupervisor) supervision.observe = options.observeSupervisor;

  const config = new ConfigService({ file: path.resolve(options.configFile), defaultDataDir });
  const loaded = await config.load();
  const exists = (await config.readText()) !== null;
  // A missing file is the setup's business when there is a window; without one it is an error like any.
  if (exists || !options.withWindow) for (const problem of loaded.problems) io.stderr(`${formatProblem(problem)}\n`);
  if (!loaded.ok && !options.withWindow) return { ok: false };

  const logConfig = config.lastGood?.config ?? defaultConfig(defaultDataDir);
  options.claimDataDir?.(logConfig.client.data_dir);
  const sink = await openHeadlessLog(logConfig, io);
  sink.log('info', 'cli', `rport-tray run: config ${config.file}, data dir ${logConfig.client.data_dir}`);

  // Preferences (the theme) are opened when the window first asks; an unreadable file is reported there.
  let app: SupervisedApp | null = null;
  const settings = new HeadlessSettings(defaultDataDir, { load: loadConf }, (recovery) => {
    if (app) app.core.notice(recovery.message);
    else sink.log('warn', 'app', recovery.message);
  });
  // Only a window reads the preferences: without one, conf is never loaded (issue 16).
  if (options.withWindow) await settings.prepare();
  app = composeSupervisedApp({
    config,
    sink,
    mode: 'headless',
    supervision,
    settings,
    testConnection: lazyEngineConnectionTester(defaultDataDir),
    defaultDataDir,
    installedServices: () => findInstalledServices(),
  });
  const quiet = config.lastGood ? longestQuietMs(config.lastGood.config, supervision.engineTiming) : null;
  return { ok: true, app, sink, longestQuietMs: quiet };
}

/** The engine in a forked worker process, with the short timings tests set through the environment. */
export function forkSupervision(env: NodeJS.ProcessEnv): SupervisionOptions {
  const policy = testWatchdogPolicy(env);
  // Only this process talks to systemd: the worker never sees its notify socket.
  const { NOTIFY_SOCKET: _socket, WATCHDOG_USEC: _usec, WATCHDOG_PID: _pid, ...workerEnv } = env;
  return {
    workerHost: createForkWorkerHost({ entry: engineWorkerPath(env), env: workerMemoryEnv(workerEnv) }),
    engineTiming: engineTimingFacts(testEngineTimings<EngineTimings>(env)),
    ...(policy ? { policy } : {}),
  };
}

/** stdout plus the log file, secrets scrubbed; a data dir that cannot be created is reported, not fatal. */
export async function openHeadlessLog(config: RportConfig, io: ConsoleIo): Promise<LogSink> {
  try {
    mkdirSync(config.client.data_dir, { recursive: true });
  } catch {
    // Reported by the sink, which cannot open its file there either.
  }
  return createLogSink({
    dataDir: config.client.data_dir,
    logFile: config.logging.log_file,
    level: config.logging.log_level,
    stdout: { write: (text: string) => io.stdout(text) },
    scrub: literalSecretScrubber(configSecrets(config)),
  });
}
