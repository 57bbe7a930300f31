// One engine run at a time for the app core (its SupervisorFactory): a fresh supervisor over the worker
// host for each run, the engine's and the watchdog's lines into the log sink, and the status file that
// `rport-tray status` and external watchdogs read. It also keeps what outlives one run (the tray's "Block
// remote commands") and reaches the run in progress (a resume from sleep, a second stop signal).
import type { SupervisorFactory, SupervisorHandle, SupervisorRunOptions } from '../app/core/app-ports';
import type { LogSink } from '../logging/log-sink';
import type { EngineTimingFacts } from '../watchdog/progress-deadline';
import { startStatusFileWriter, type StatusFileWriter } from '../watchdog/status-file-writer';
import { createSupervisor } from '../watchdog/supervisor';
import type { Supervisor, SupervisorEvent, SupervisorStartInput } from '../watchdog/supervisor-types';
import { restartPolicyOf, withOverrides, type WatchdogPolicyOverrides } from '../watchdog/watchdog-policy';
import type { WorkerHost } from '../watchdog/worker-host';

/** How the engine is run and watched: the part that differs between headless and the desktop app. */
export interface SupervisionOptions {
  /** child_process.fork headless, Electron's utilityProcess in the app. */
  workerHost: WorkerHost;
  engineTiming: EngineTimingFacts;
  policy?: WatchdogPolicyOverrides;
  /** False in the app, where powerMonitor's resume gives the grace instead of guessing from clock jumps. */
  detectClockJumps?: boolean;
  /** Sees every event of every run's supervisor (headless: systemd's watchdog under NOTIFY_SOCKET). */
  observe?: (event: SupervisorEvent) => void;
}

export interface SupervisedRunsOptions extends SupervisionOptions {
  sink: LogSink;
  lockedKeys(): string[];
  /** Start options known only when a run starts (the keychain's password), resolved per run. */
  startOptions(run: SupervisorRunOptions): Promise<Partial<SupervisorStartInput>>;
}

export interface SupervisedRuns {
  factory: SupervisorFactory;
  /** Applied to the run in progress and to every later one. */
  setRemoteCommandsBlocked(blocked: boolean): void;
  /** The machine woke up: the running engine's watchdog gets a grace period. */
  onSystemResume(): void;
  /** Abandons a clean stop: SIGKILL the worker now and write the final status. */
  kill(): void;
}

interface ActiveRun {
  supervisor: Supervisor;
  statusWriter: StatusFileWriter | null;
}

export function supervisedRuns(options: SupervisedRunsOptions): SupervisedRuns {
  let active: ActiveRun | null = null;
  let remoteCommandsBlocked = false;

  const factory: SupervisorFactory = (run): SupervisorHandle => {
    const supervisor = createSupervisor({
      host: options.workerHost,
      engineTiming: options.engineTiming,
      // The user's restart policy ([watchdog] in rport.conf, or the administrator's policy), then any
      // override of the caller's (tests) on top.
      policy: withOverrides(restartPolicyOf(run.config), options.policy),
      ...(options.detectClockJumps !== undefined ? { detectClockJumps: options.detectClockJumps } : {}),
    });
    // The sink keeps the engine's and the watchdog's lines (the core shows them; it does not log them).
    const unsubscribeSink = supervisor.on((event) => {
      if (event.type === 'log') options.sink.write(event.line);
      else if (event.type === 'engine' && event.event.type === 'log') options.sink.write(event.event.line);
      options.observe?.(event);
    });
    const self: ActiveRun = { supervisor, statusWriter: null };
    return {
      async start() {
        const extra = await options.startOptions(run);
        supervisor.start({
          config: run.config,
          configPath: run.configPath,
          sessionId: run.sessionId,
          lockedKeys: options.lockedKeys(),
          remoteCommandsBlocked,
          ...extra,
        });
        active = self;
        self.statusWriter = startStatusFileWriter({
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
          // Whatever the stop did, the status file says so last and nothing of this run stays subscribed.
          self.statusWriter?.finish();
          self.statusWriter = null;
          unsubscribeSink();
          supervisor.dispose();
          if (active === self) active = null;
        }
      },
      pause: () => supervisor.pause(),
      resume: () => supervisor.resume(),
      switchServer: (index) => supervisor.switchServer(index),
      restart: () => supervisor.restart(),
      retry: () => supervisor.retry(),
      applyConfig: (config) => supervisor.updateConfig?.(config),
      onEvent: (listener) => supervisor.on(listener),
    };
  };

  return {
    factory,
    setRemoteCommandsBlocked(blocked) {
      // Kept for the next run even when no engine runs now (setup, a config with errors).
      remoteCommandsBlocked = blocked;
      active?.supervisor.setRemoteCommandsBlocked(blocked);
    },
    onSystemResume: () => active?.supervisor.onSystemResume(),
    kill() {
      const run = active;
      if (!run) return;
      run.supervisor.dispose();
      run.statusWriter?.finish();
      run.statusWriter = null;
    },
  };
}
