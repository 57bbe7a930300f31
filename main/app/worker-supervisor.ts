// The app core's supervisor port over the real supervisor: the engine in a forked worker process, its
// lines into the log sink, and the status file `rport-tray status` reads. Like the watchdog's headless
// supervision, plus the app's session ID so a restart after a config save is the same session to rportd.
import type { EngineTimings } from '../engine/engine-timings';
import type { LogSink } from '../logging/log-sink';
import { engineTimingFacts } from '../watchdog/engine-timing-facts';
import { engineWorkerPath } from '../watchdog/engine-worker-path';
import { createForkWorkerHost } from '../watchdog/fork-worker-host';
import { startStatusFileWriter } from '../watchdog/status-file-writer';
import { createSupervisor } from '../watchdog/supervisor';
import { testEngineTimings, testWatchdogPolicy } from '../watchdog/test-overrides';
import type { SupervisorFactory, SupervisorHandle } from './app-ports';

export interface WorkerSupervisorOptions {
  sink: LogSink;
  lockedKeys: () => string[];
  env?: NodeJS.ProcessEnv;
}

export function workerSupervisorFactory(options: WorkerSupervisorOptions): SupervisorFactory {
  const env = options.env ?? process.env;
  return (run): SupervisorHandle => {
    const supervisor = createSupervisor({
      host: createForkWorkerHost({ entry: engineWorkerPath(env), env }),
      engineTiming: engineTimingFacts(testEngineTimings<EngineTimings>(env)),
      ...(testWatchdogPolicy(env) ? { policy: testWatchdogPolicy(env) } : {}),
    });
    // The sink keeps the engine's and the watchdog's lines in the log file (the core shows them).
    const unsubscribeSink = supervisor.on((event) => {
      if (event.type === 'log') options.sink.write(event.line);
      else if (event.type === 'engine' && event.event.type === 'log') options.sink.write(event.event.line);
    });
    let statusWriter: ReturnType<typeof startStatusFileWriter> | null = null;
    return {
      async start() {
        supervisor.start({
          config: run.config,
          configPath: run.configPath,
          sessionId: run.sessionId,
          lockedKeys: options.lockedKeys(),
        });
        statusWriter = startStatusFileWriter({
          supervisor,
          dataDir: run.config.client.data_dir,
          configPath: run.configPath,
          logFile: options.sink.file.configured,
          onError: (err) => options.sink.log('warn', 'watchdog', `cannot write the status file: ${err.message}`),
        });
      },
      async stop() {
        await supervisor.stop();
        statusWriter?.finish();
        unsubscribeSink();
        supervisor.dispose();
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
