// Keeps the status file current while the supervisor runs: rewrites it on every status change and
// restart, at most every `minIntervalMs` (progress can be frequent with short keep-alives), at least
// every `refreshMs` (so `status` can tell a file that stopped being written), and once more,
// synchronously, when asked to finish.

import type { Supervisor } from './supervisor-types';
import { writeStatusFile, type StatusFileContent } from './status-file';

export interface StatusFileWriterOptions {
  supervisor: Supervisor;
  dataDir: string;
  configPath: string;
  logFile: string | null;
  minIntervalMs?: number;
  /** Rewrite at least this often; default STATUS_REFRESH_MS. */
  refreshMs?: number;
  onError?: (err: Error) => void;
}

export const STATUS_REFRESH_MS = 15_000;

export interface StatusFileWriter {
  /** Writes now (used on start and after stop) and stops listening. */
  finish(): void;
}

export function startStatusFileWriter(options: StatusFileWriterOptions): StatusFileWriter {
  const minIntervalMs = options.minIntervalMs ?? 250;
  const refreshMs = options.refreshMs ?? STATUS_REFRESH_MS;
  // Throttled on the monotonic clock: a wall clock set back an hour must not hold the next write an hour.
  let lastWrite = -Infinity;
  let pending: NodeJS.Timeout | null = null;
  let failedOnce = false;

  const write = (): void => {
    pending = null;
    lastWrite = performance.now();
    const content: StatusFileContent = {
      version: 1,
      writtenAt: Date.now(),
      supervisorPid: process.pid,
      configPath: options.configPath,
      dataDir: options.dataDir,
      logFile: options.logFile,
      refreshMs,
      supervisor: options.supervisor.status(),
    };
    try {
      writeStatusFile(content);
      failedOnce = false;
    } catch (err) {
      // Report once per failure streak: a full disk must not flood the log.
      if (!failedOnce) options.onError?.(err as Error);
      failedOnce = true;
    }
  };

  const schedule = (): void => {
    if (pending) return;
    const wait = Math.max(0, lastWrite + minIntervalMs - performance.now());
    pending = setTimeout(write, wait);
  };

  const off = options.supervisor.on((event) => {
    if (event.type === 'supervisor' || event.type === 'restart') schedule();
  });
  write();
  const refresh = setInterval(schedule, refreshMs);
  refresh.unref();

  return {
    finish: () => {
      off();
      clearInterval(refresh);
      if (pending) clearTimeout(pending);
      write();
    },
  };
}
