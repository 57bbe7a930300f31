// What both headless modes (`rport-tray run` and `run --ui`) do around their work: open the log (stdout
// plus the log file, secrets scrubbed; a data dir that cannot be created is reported, not fatal), and
// wait for the signals: SIGINT/SIGTERM stop cleanly, a second one abandons the clean stop, SIGHUP retries.
import { mkdirSync } from 'node:fs';
import type { RportConfig } from '../shared/types/config-types';
import { configSecrets, literalSecretScrubber } from '../shared/secrets';
import { createLogSink, type LogSink } from '../logging/log-sink';
import type { ConsoleIo as CliIo } from './console-io';

export async function openHeadlessLog(config: RportConfig, io: CliIo): Promise<LogSink> {
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

export interface StopControls {
  /** The clean stop; the promise resolves when it is done. */
  stop(): Promise<void>;
  /** A second stop signal during the clean stop: end now. */
  kill(): void;
  retry(): void;
}

/** Resolves once SIGINT or SIGTERM has stopped the work cleanly. */
export function untilStopSignal(controls: StopControls, sink: LogSink): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const onStop = (signal: NodeJS.Signals): void => {
      if (stopping) {
        sink.log('warn', 'cli', `${signal} again: killing the engine worker`);
        controls.kill();
        return;
      }
      stopping = true;
      sink.log('info', 'cli', `${signal}: stopping`);
      void controls.stop().then(() => {
        process.off('SIGINT', onStop);
        process.off('SIGTERM', onStop);
        process.off('SIGHUP', onRetry);
        sink.log('info', 'cli', 'stopped');
        resolve();
      });
    };
    const onRetry = (): void => {
      sink.log('info', 'cli', 'SIGHUP: retrying');
      controls.retry();
    };
    process.on('SIGINT', onStop);
    process.on('SIGTERM', onStop);
    process.on('SIGHUP', onRetry);
  });
}
