// How a headless run (`rport-tray run`, with or without --ui) ends: SIGINT/SIGTERM stop cleanly, a second
// one abandons the clean stop (the worker is killed at once), SIGHUP retries after `failed`.
import type { LogSink } from '../logging/log-sink';

export interface StopControls {
  /** The clean stop; the promise resolves when it is done. */
  stop(): Promise<void>;
  /** A second stop signal during the clean stop: SIGKILL the worker now. */
  kill(): void;
  retry(): void;
}

/** `stopped`: the clean stop finished; `killed`: a second signal abandoned it; `failed`: it threw. */
export type StopOutcome = 'stopped' | 'killed' | 'failed';

/** Where the signals come from: the process (tests pass an emitter). */
export type SignalSource = Pick<NodeJS.Process, 'on' | 'off'>;

/** Resolves once SIGINT or SIGTERM has stopped the work, or a second one has killed it. */
export function untilStopSignal(
  controls: StopControls,
  sink: LogSink,
  signals: SignalSource = process,
): Promise<StopOutcome> {
  return new Promise((resolve) => {
    let stopping = false;
    const done = (outcome: StopOutcome): void => {
      signals.off('SIGINT', onStop);
      signals.off('SIGTERM', onStop);
      signals.off('SIGHUP', onRetry);
      resolve(outcome);
    };
    const onStop = (signal: NodeJS.Signals): void => {
      if (stopping) {
        sink.log('warn', 'cli', `${signal} again: killing the engine worker`);
        controls.kill();
        done('killed');
        return;
      }
      stopping = true;
      sink.log('info', 'cli', `${signal}: stopping`);
      controls.stop().then(
        () => {
          sink.log('info', 'cli', 'stopped');
          done('stopped');
        },
        (err: unknown) => {
          sink.log('error', 'cli', `stopping failed: ${err instanceof Error ? err.message : String(err)}`);
          done('failed');
        },
      );
    };
    const onRetry = (): void => {
      sink.log('info', 'cli', 'SIGHUP: retrying');
      controls.retry();
    };
    signals.on('SIGINT', onStop);
    signals.on('SIGTERM', onStop);
    signals.on('SIGHUP', onRetry);
  });
}
