// The headless service `rport-tray run` starts: the supervisor over a forked engine worker, its events
// into the log sink, and the status file other processes read. The app core replaces this when the
// web UI is served (it owns the supervisor then).

import type { RportConfig } from '../shared/types/config-types';
import type { LogSink } from '../logging/log-sink';
import { engineWorkerPath } from '../watchdog/engine-worker-path';
import { createForkWorkerHost } from '../watchdog/fork-worker-host';
import type { EngineTimingFacts } from '../watchdog/progress-deadline';
import { startStatusFileWriter } from '../watchdog/status-file-writer';
import { createSupervisor } from '../watchdog/supervisor';
import type { Supervisor, SupervisorEvent } from '../watchdog/supervisor-types';
import type { WatchdogPolicyOverrides } from '../watchdog/watchdog-policy';

export interface HeadlessSupervisionOptions {
  config: RportConfig;
  configPath: string;
  lockedKeys: string[];
  sink: LogSink;
  engineTiming: EngineTimingFacts;
  policy?: WatchdogPolicyOverrides;
  env?: NodeJS.ProcessEnv;
}

export interface HeadlessService {
  start(): void;
  /** Stops the worker (ask, then SIGKILL) and writes the final status. */
  stop(): Promise<void>;
  /** After `failed`: a fresh budget (SIGHUP in headless mode). */
  retry(): void;
  /** Second signal: SIGKILL the worker now. */
  kill(): void;
  readonly supervisor: Supervisor;
}

export function superviseEngine(options: HeadlessSupervisionOptions): HeadlessService {
  const env = options.env ?? process.env;
  const supervisor = createSupervisor({
    host: createForkWorkerHost({ entry: engineWorkerPath(env), env }),
    engineTiming: options.engineTiming,
    ...(options.policy ? { policy: options.policy } : {}),
  });
  const dataDir = options.config.client.data_dir;
  supervisor.on((event) => logEvent(options.sink, event));
  let statusWriter: ReturnType<typeof startStatusFileWriter> | null = null;

  return {
    supervisor,
    start() {
      supervisor.start({ config: options.config, configPath: options.configPath, lockedKeys: options.lockedKeys });
      statusWriter = startStatusFileWriter({
        supervisor,
        dataDir,
        configPath: options.configPath,
        logFile: options.sink.file.configured,
        onError: (err) => options.sink.log('warn', 'watchdog', `cannot write the status file: ${err.message}`),
      });
    },
    async stop() {
      await supervisor.stop();
      statusWriter?.finish();
      supervisor.dispose();
    },
    retry: () => supervisor.retry(),
    kill() {
      supervisor.dispose();
      statusWriter?.finish();
    },
  };
}

/** What the log shows of the supervisor's events (progress is in the engine's own log lines). */
function logEvent(sink: LogSink, event: SupervisorEvent): void {
  if (event.type === 'log') sink.write(event.line);
  else if (event.type === 'engine' && event.event.type === 'log') sink.write(event.event.line);
}
