// The seam between the supervisor and the way a worker process is made: Node's child_process.fork
// (headless, tests) or Electron's utilityProcess (the app). The supervisor sees only this.

import type { EngineCommand, WorkerMessage } from '../shared/types/engine-types';

export type WorkerSignal = 'SIGTERM' | 'SIGKILL';

export interface WorkerExit {
  code: number | null;
  signal: string | null;
  /** Set when the process could not be started at all (no pid was ever reported). */
  spawnError?: string;
  /** What the host knows about the death (e.g. Electron's FatalError and its location). */
  message?: string;
}

export interface WorkerHandle {
  /** Null until the OS process exists (utilityProcess reports it on `spawn`). */
  readonly pid: number | null;
  /** Sends a command; silently dropped when the channel is already closed. */
  send(command: EngineCommand): void;
  onMessage(listener: (message: WorkerMessage) => void): void;
  /** Output the worker wrote to stdout or stderr, line by line (uncaught errors land here). */
  onOutput(listener: (stream: 'stdout' | 'stderr', line: string) => void): void;
  /** Called exactly once, when the process is gone (or could not be started). */
  onExit(listener: (exit: WorkerExit) => void): void;
  /** Sends a signal; SIGKILL must work on a process whose event loop is blocked or that is stopped. */
  kill(signal: WorkerSignal): void;
}

export interface WorkerHost {
  /** Starts a worker process. Never throws: a failure to start is reported through onExit. */
  spawn(): WorkerHandle;
}
