// WorkerHost over Electron's utilityProcess: the engine worker in the desktop app (a Chromium service
// process; `child_process.fork` would need ELECTRON_RUN_AS_NODE, which the RunAsNode fuse may forbid).
// utilityProcess.kill() only sends SIGTERM, which a blocked event loop never handles, so SIGKILL goes
// through process.kill(pid). utilityProcess.fork may only be called after app `ready`.

import { utilityProcess, type UtilityProcess } from 'electron';
import type { EngineCommand, WorkerMessage } from '../shared/types/engine-types';
import { WorkerHandleBase } from '../watchdog/worker-handle-base';
import type { WorkerHandle, WorkerHost, WorkerSignal } from '../watchdog/worker-host';

export interface UtilityProcessHostOptions {
  /** The bundled worker entry (dist/engine-worker.cjs). */
  entry: string;
  env?: NodeJS.ProcessEnv;
  /** Shown in the OS task list and in app.getAppMetrics(). */
  serviceName?: string;
  /** Injectable for tests of the kill path. */
  killProcess?: (pid: number, signal: NodeJS.Signals) => void;
}

export function createUtilityProcessHost(options: UtilityProcessHostOptions): WorkerHost {
  return { spawn: () => new UtilityProcessWorker(options) };
}

class UtilityProcessWorker extends WorkerHandleBase implements WorkerHandle {
  private child: UtilityProcess | null = null;
  private spawned = false;
  private killedWith: WorkerSignal | null = null;
  private fatal: string | null = null;
  private readonly killProcess: (pid: number, signal: NodeJS.Signals) => void;

  constructor(options: UtilityProcessHostOptions) {
    super();
    this.killProcess = options.killProcess ?? ((pid, signal) => process.kill(pid, signal));
    try {
      this.child = utilityProcess.fork(options.entry, [], {
        serviceName: options.serviceName ?? 'RPort Tray engine',
        // stdin must be ignore; stdout/stderr piped so uncaught errors reach the log.
        stdio: ['ignore', 'pipe', 'pipe'],
        env: options.env ?? process.env,
      });
    } catch (err) {
      this.finish({ code: null, signal: null, spawnError: err instanceof Error ? err.message : String(err) });
      return;
    }
    const child = this.child;
    child.on('spawn', () => {
      this.spawned = true;
    });
    child.on('error', (type, location) => {
      this.fatal = `${type} at ${location}`;
    });
    child.on('exit', (code) => {
      if (!this.spawned && this.killedWith === null) {
        this.finish({ code, signal: null, spawnError: `the process ended before it started (code ${code})` });
        return;
      }
      // Electron reports only a code; the signal is known when it was ours.
      this.finish({
        code: this.killedWith ? null : code,
        signal: this.killedWith,
        ...(this.fatal ? { message: this.fatal } : {}),
      });
    });
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  send(command: EngineCommand): void {
    if (this.exit || !this.child) return;
    this.child.postMessage(command);
  }

  onMessage(listener: (message: WorkerMessage) => void): void {
    this.child?.on('message', (message: unknown) => listener(message as WorkerMessage));
  }

  onOutput(listener: (stream: 'stdout' | 'stderr', line: string) => void): void {
    this.forwardOutput(this.child?.stdout, this.child?.stderr, listener);
  }

  kill(signal: WorkerSignal): void {
    const child = this.child;
    if (this.exit || !child) return;
    if (signal === 'SIGTERM') {
      child.kill();
      return;
    }
    if (child.pid === undefined) return;
    this.killedWith = 'SIGKILL';
    try {
      this.killProcess(child.pid, 'SIGKILL');
    } catch {
      // Already gone: 'exit' follows.
    }
  }
}
