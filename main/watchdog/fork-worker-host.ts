// WorkerHost over Node's child_process.fork: headless mode and tests. `serialization: 'advanced'`
// gives structured clone, the same as Electron's utilityProcess, so messages behave alike in both.

import { fork, type ChildProcess } from 'node:child_process';
import type { EngineCommand, WorkerMessage } from '../shared/types/engine-types';
import { ENGINE_WORKER_EXEC_ARGV } from './engine-worker-v8-flags';
import { WorkerHandleBase } from './worker-handle-base';
import type { WorkerHandle, WorkerHost, WorkerSignal } from './worker-host';

const CLOSE_WAIT_MS = 300;

export interface ForkWorkerHostOptions {
  /** The bundled worker entry (dist/engine-worker.cjs). */
  entry: string;
  env?: NodeJS.ProcessEnv;
  /** Node/V8 options for the worker; default: the engine worker's (engine-worker-v8-flags.ts). */
  execArgv?: string[];
}

export function createForkWorkerHost(options: ForkWorkerHostOptions): WorkerHost {
  return {
    spawn: () => new ForkedWorker(options),
  };
}

class ForkedWorker extends WorkerHandleBase implements WorkerHandle {
  private readonly child: ChildProcess | null = null;

  constructor(options: ForkWorkerHostOptions) {
    super();
    try {
      this.child = fork(options.entry, [], {
        env: options.env ?? process.env,
        execArgv: options.execArgv ?? [...ENGINE_WORKER_EXEC_ARGV],
        serialization: 'advanced',
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      });
    } catch (err) {
      this.finish({ code: null, signal: null, spawnError: err instanceof Error ? err.message : String(err) });
      return;
    }
    const child = this.child;
    // 'error' covers a failed spawn and a failed send/kill; only the first is an exit.
    child.on('error', (err) => {
      if (child.pid === undefined) this.finish({ code: null, signal: null, spawnError: err.message });
    });
    // Prefer 'close' so the last stdout/stderr lines are read before the exit is reported, but do not
    // wait on it for long: a grandchild that inherited the pipes could hold them open.
    child.on('exit', (code, signal) => {
      setTimeout(() => this.finish({ code, signal }), CLOSE_WAIT_MS).unref();
    });
    child.on('close', (code, signal) => this.finish({ code, signal }));
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  send(command: EngineCommand): void {
    const child = this.child;
    if (!child?.connected) return;
    // A send racing the worker's death fails asynchronously; the exit is reported separately.
    child.send(command, (err) => void err);
  }

  onMessage(listener: (message: WorkerMessage) => void): void {
    this.child?.on('message', (message) => listener(message as WorkerMessage));
  }

  onOutput(listener: (stream: 'stdout' | 'stderr', line: string) => void): void {
    this.forwardOutput(this.child?.stdout, this.child?.stderr, listener);
  }

  kill(signal: WorkerSignal): void {
    if (this.exit || !this.child || this.child.pid === undefined) return;
    try {
      this.child.kill(signal);
    } catch {
      // Already gone: the exit event follows.
    }
  }
}
