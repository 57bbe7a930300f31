// An in-memory WorkerHost: each "worker" records the commands it got and is driven by the test
// (messages, exits). `obeysStop` false models a blocked event loop: only SIGKILL ends it.

import type {
  EngineCommand,
  EngineEvent,
  EngineStatus,
  ProgressKind,
  WorkerMessage,
} from '../../../main/shared/types/engine-types';
import type { WorkerExit, WorkerHandle, WorkerHost, WorkerSignal } from '../../../main/watchdog/worker-host';

export class FakeWorker implements WorkerHandle {
  readonly sent: EngineCommand[] = [];
  readonly signals: WorkerSignal[] = [];
  obeysStop = true;
  /** False models a process the OS does not reap even after SIGKILL (e.g. stuck in uninterruptible sleep). */
  obeysKill = true;
  private messageListeners: Array<(m: WorkerMessage) => void> = [];
  private exitListeners: Array<(e: WorkerExit) => void> = [];
  private outputListeners: Array<(stream: 'stdout' | 'stderr', line: string) => void> = [];
  exited: WorkerExit | null = null;

  constructor(readonly pid: number | null) {}

  send(command: EngineCommand): void {
    if (this.exited) return;
    this.sent.push(command);
    if (command.type === 'stop' && this.obeysStop) this.exit({ code: 0, signal: null });
  }

  onMessage(listener: (message: WorkerMessage) => void): void {
    this.messageListeners.push(listener);
  }

  onOutput(listener: (stream: 'stdout' | 'stderr', line: string) => void): void {
    this.outputListeners.push(listener);
  }

  /** A line the worker wrote to stdout or stderr. */
  output(stream: 'stdout' | 'stderr', line: string): void {
    this.outputListeners.forEach((l) => l(stream, line));
  }

  onExit(listener: (exit: WorkerExit) => void): void {
    this.exitListeners.push(listener);
  }

  kill(signal: WorkerSignal): void {
    this.signals.push(signal);
    if (signal === 'SIGKILL' && this.obeysKill) this.exit({ code: null, signal: 'SIGKILL' });
  }

  message(message: WorkerMessage): void {
    this.messageListeners.forEach((l) => l(message));
  }

  /** `heartbeatMs`: the worker announces a heartbeat and is then judged by its liveness too. */
  ready(heartbeatMs?: number): void {
    this.message({
      type: 'ready',
      pid: this.pid ?? 0,
      version: 'test',
      ...(heartbeatMs === undefined ? {} : { heartbeatMs }),
    });
  }

  alive(): void {
    this.message({ type: 'alive' });
  }

  progress(kind: ProgressKind, status: Partial<EngineStatus>, at = Date.now()): void {
    const event: EngineEvent = { type: 'progress', kind, status: engineStatus(status), at };
    this.message({ type: 'event', event });
  }

  exit(exit: WorkerExit): void {
    if (this.exited) return;
    this.exited = exit;
    queueMicrotask(() => this.exitListeners.forEach((l) => l(exit)));
  }
}

export class FakeWorkerHost implements WorkerHost {
  readonly workers: FakeWorker[] = [];
  private nextPid = 1000;
  failNextSpawn: string | null = null;

  spawn(): WorkerHandle {
    const worker = new FakeWorker(this.failNextSpawn ? null : this.nextPid++);
    this.workers.push(worker);
    if (this.failNextSpawn) {
      const message = this.failNextSpawn;
      this.failNextSpawn = null;
      worker.exit({ code: null, signal: null, spawnError: message });
    }
    return worker;
  }

  get current(): FakeWorker {
    const worker = this.workers.at(-1);
    if (!worker) throw new Error('no worker spawned');
    return worker;
  }
}

export function engineStatus(partial: Partial<EngineStatus>): EngineStatus {
  return {
    state: 'initialized',
    message: '',
    server: null,
    servers: [],
    connectedSince: null,
    lastPingMs: null,
    retryInMs: null,
    attempt: 0,
    switchbackAt: null,
    lastError: null,
    remoteCommandsBlocked: false,
    ...partial,
  };
}
