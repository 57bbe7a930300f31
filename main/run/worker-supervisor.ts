// The app core's supervisor port over the real supervisor, for one engine run: the engine's and the
// watchdog's lines into the log sink, and the status file `rport-tray status` and external watchdogs
// read. One piece for both modes: headless forks the worker (workerSupervisorFactory below), the desktop
// app runs it in a utilityProcess and adds the keychain password and the tray's block switch at start.
import type { EngineTimings } from '../engine/engine-timings';
import type { LogSink } from '../logging/log-sink';
import { engineTimingFacts } from '../watchdog/engine-timing-facts';
import { engineWorkerPath } from '../watchdog/engine-worker-path';
import { createForkWorkerHost } from '../watchdog/fork-worker-host';
import { startStatusFileWriter } from '../watchdog/status-file-writer';
import { createSupervisor } from '../watchdog/supervisor';
import type { Supervisor, SupervisorStartInput } from '../watchdog/supervisor-types';
import { testEngineTimings, testWatchdogPolicy } from '../watchdog/test-overrides';
import type { SupervisorFactory, SupervisorHandle, SupervisorRunOptions } from '../app/core/app-ports';

export interface SupervisedRunOptions {
  /** A fresh supervisor for each run (its worker host, timings and policy). */
  newSupervisor(): Supervisor;
  sink: LogSink;
  lockedKeys(): string[];
  /** Start options known only when the run starts (desktop: the keychain's password, the block switch). */
  startOptions?(run: SupervisorRunOptions): Promise<Partial<SupervisorStartInput>>;
  /** The run's supervisor once it started, and again once it stopped (desktop: tray and power events). */
  onStarted?(supervisor: Supervisor): void;
  onStopped?(supervisor: Supervisor): void;
}

export function supervisedRunFactory(options: SupervisedRunOptions): SupervisorFactory {
  return (run): SupervisorHandle => {
    const supervisor = options.newSupervisor();
    // The sink keeps the engine's and the watchdog's lines in the log file (the core shows them).
    const unsubscribeSink = supervisor.on((event) => {
      if (event.type === 'log') options.sink.write(event.line);
      else if (event.type === 'engine' && event.event.type === 'log') options.sink.write(event.event.line);
    });
    let statusWriter: ReturnType<typeof startStatusFileWriter> | null = null;
    return {
      async start() {
        const extra = (await options.startOptions?.(run)) ?? {};
        supervisor.start({
          config: run.config,
          configPath: run.configPath,
          sessionId: run.sessionId,
          lockedKeys: options.lockedKeys(),
          ...extra,
        });
        options.onStarted?.(supervisor);
        statusWriter = startStatusFileWriter({
          supervisor,
          dataDir: run.config.client.data_dir,
          configPath: run.configPath,
          logFile: options.sink.file.configured,
          onError: (err) => options.sink.log('warn', 'watchdog', `cannot write the status file: ${err.message}`),
        });
      },
      async stop() {
        try {
          await supervisor.stop();
        } finally {
          statusWriter?.finish();
          unsubscribeSink();
          supervisor.dispose();
          options.onStopped?.(supervisor);
        }
      },
      pause: () => supervisor.pause(),
      resume: () => supervisor.resume(),
      switchServer: (index) => supervisor.switchServer(index),
      restart: () => supervisor.restart(),
      retry: () => supervisor.retry(),
      onEvent: (listener) => supervisor.on(listener),
    };
  };
}

export interface WorkerSupervisorOptions {
  sink: LogSink;
  lockedKeys: () => string[];
  env?: NodeJS.ProcessEnv;
}

/** Headless (`rport-tray run --ui`): the engine in a forked worker process. */
export function workerSupervisorFactory(options: WorkerSupervisorOptions): SupervisorFactory {
  const env = options.env ?? process.env;
  return supervisedRunFactory({
    newSupervisor: () =>
      createSupervisor({
        host: createForkWorkerHost({ entry: engineWorkerPath(env), env }),
        engineTiming: engineTimingFacts(testEngineTimings<EngineTimings>(env)),
        ...(testWatchdogPolicy(env) ? { policy: testWatchdogPolicy(env) } : {}),
      }),
    sink: options.sink,
    lockedKeys: options.lockedKeys,
  });
}
