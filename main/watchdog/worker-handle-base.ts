// What both worker hosts (child_process.fork, Electron utilityProcess) share: the exit reported exactly
// once to every listener, also to one that subscribes after the fact, and the worker's output as lines.

import type { Readable } from 'node:stream';
import { forEachLine } from './line-splitter';
import type { WorkerExit } from './worker-host';

export abstract class WorkerHandleBase {
  private readonly exitListeners: Array<(exit: WorkerExit) => void> = [];
  protected exit: WorkerExit | null = null;

  onExit(listener: (exit: WorkerExit) => void): void {
    if (this.exit) queueMicrotask(() => listener(this.exit as WorkerExit));
    else this.exitListeners.push(listener);
  }

  /** Records the exit; only the first call counts. */
  protected finish(exit: WorkerExit): void {
    if (this.exit) return;
    this.exit = exit;
    const listeners = this.exitListeners.splice(0);
    queueMicrotask(() => listeners.forEach((l) => l(exit)));
  }

  protected forwardOutput(
    stdout: Readable | NodeJS.ReadableStream | null | undefined,
    stderr: Readable | NodeJS.ReadableStream | null | undefined,
    listener: (stream: 'stdout' | 'stderr', line: string) => void,
  ): void {
    if (stdout) forEachLine(stdout, (line) => listener('stdout', line));
    if (stderr) forEachLine(stderr, (line) => listener('stderr', line));
  }
}
