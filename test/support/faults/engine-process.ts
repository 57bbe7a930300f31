// The real engine worker bundle (dist/engine-worker.cjs) in a forked process of its own, driven over the
// same IPC commands the supervisor sends, without the supervisor. Load and abuse tests use it to measure
// the engine's process alone: its file descriptors, RSS and (after a forced GC) heap, before and after.
// Everything started here is ended by `stop()` (ask, then SIGKILL).
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RportConfig } from '../../../main/shared/types/config-types';
import type { EngineTimings } from '../../../main/engine/engine-timings';
import type { EngineCommand, EngineEvent, WorkerMessage } from '../../../main/shared/types/engine-types';
import { TEST_TIMINGS } from '../engine/engine-harness';
import { ENGINE_WORKER_EXEC_ARGV } from '../../../main/watchdog/engine-worker-v8-flags';

export const ENGINE_WORKER_BUNDLE = path.resolve('dist/engine-worker.cjs');
const MEASURE_PROBE = pathToFileURL(path.resolve('test/support/faults/measure-probe.mjs')).href;

export interface ProcessMeasurement {
  /** Heap in use after two forced full collections, bytes. */
  heapUsed: number;
  rss: number;
  /** Open file descriptors of the engine process. */
  fds: number;
}

interface MeasurementReply extends ProcessMeasurement {
  type: 'test-measurement';
  id: number;
}

export interface EngineProcessOptions {
  config: RportConfig;
  /** Short test timings (the default, merged over TEST_TIMINGS), or 'product' for the real ones (bench). */
  timings?: Partial<EngineTimings> | 'product';
  sessionId?: string;
}

function workerEnv(timings: EngineProcessOptions['timings']): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.RPORT_TRAY_TEST_FAULTS;
  delete env.RPORT_TRAY_TEST_ENGINE_TIMINGS;
  if (timings === 'product') return env;
  return {
    ...env,
    RPORT_TRAY_TEST_FAULTS: '1',
    RPORT_TRAY_TEST_ENGINE_TIMINGS: JSON.stringify({ ...TEST_TIMINGS, ...timings }),
  };
}

export class EngineProcess {
  readonly events: EngineEvent[] = [];
  /** performance.now() in this process when each event arrived (same index as `events`). */
  readonly receivedAt: number[] = [];
  /** Worker stderr (uncaught errors end up here). */
  stderr = '';
  private readonly child: ChildProcess;
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private waiters = new Set<() => void>();
  private measureId = 0;
  private readonly measureReplies = new Map<number, (m: ProcessMeasurement) => void>();
  private ready: Promise<number>;

  constructor(private readonly options: EngineProcessOptions) {
    this.child = fork(ENGINE_WORKER_BUNDLE, [], {
      // With the product's timings (the benches), also the product worker's V8 flags.
      execArgv: [
        ...(options.timings === 'product' ? ENGINE_WORKER_EXEC_ARGV : []),
        '--expose-gc',
        '--import',
        MEASURE_PROBE,
      ],
      env: workerEnv(options.timings),
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
    this.ready = new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`engine worker not ready in 15 s; stderr: ${this.stderr}`)),
        15_000,
      );
      this.child.on('message', (raw: unknown) => {
        const message = raw as WorkerMessage | MeasurementReply;
        if (message.type === 'ready') {
          clearTimeout(timer);
          resolve(message.pid);
        } else if (message.type === 'event') {
          this.events.push(message.event);
          this.receivedAt.push(performance.now());
          for (const w of [...this.waiters]) w();
        } else if (message.type === 'test-measurement') {
          this.measureReplies.get(message.id)?.({ heapUsed: message.heapUsed, rss: message.rss, fds: message.fds });
          this.measureReplies.delete(message.id);
        }
      });
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** True until the worker process has exited. */
  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** performance.now() when the start command was sent (a cold connect is measured from here). */
  startedAt = NaN;

  async start(): Promise<void> {
    await this.ready;
    this.startedAt = performance.now();
    this.send({
      type: 'start',
      options: {
        config: this.options.config,
        configPath: '/test/rport.conf',
        sessionId: this.options.sessionId ?? randomUUID(),
      },
    });
  }

  send(command: EngineCommand): void {
    if (this.child.connected) this.child.send(command);
  }

  /** The first event (already seen or still to come) matching `pred`, within `timeoutMs`. */
  waitFor(pred: (e: EngineEvent) => boolean, timeoutMs = 15_000, from = 0): Promise<EngineEvent> {
    return this.waitForIndex(pred, timeoutMs, from).then((i) => this.events[i] as EngineEvent);
  }

  /** Like waitFor, but resolves the event's index (its arrival time is `receivedAt[index]`). */
  waitForIndex(pred: (e: EngineEvent) => boolean, timeoutMs = 15_000, from = 0): Promise<number> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const at = this.events.findIndex((e, i) => i >= from && pred(e));
        if (at < 0) {
          if (!this.alive) finish(new Error(`engine worker exited; stderr: ${this.stderr}`));
          return;
        }
        finish(null, at);
      };
      const timer = setTimeout(
        () =>
          finish(new Error(`timed out after ${timeoutMs} ms; last events: ${JSON.stringify(this.events.slice(-4))}`)),
        timeoutMs,
      );
      const finish = (error: Error | null, index = -1): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        if (error) reject(error);
        else resolve(index);
      };
      this.waiters.add(check);
      check();
    });
  }

  waitConnected(timeoutMs = 15_000, from = 0): Promise<EngineEvent> {
    return this.waitFor((e) => e.type === 'progress' && e.kind === 'connected', timeoutMs, from);
  }

  logs(): string[] {
    return this.events.flatMap((e) => (e.type === 'log' ? [e.line.message] : []));
  }

  /** GC in the worker, then its heap, RSS and open file descriptors. */
  measure(timeoutMs = 10_000): Promise<ProcessMeasurement> {
    const id = ++this.measureId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.measureReplies.delete(id);
        reject(new Error('the engine worker did not answer the measurement'));
      }, timeoutMs);
      this.measureReplies.set(id, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
      this.child.send({ type: 'test-measure', id });
    });
  }

  async stop(): Promise<void> {
    if (!this.alive) return;
    this.send({ type: 'stop' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await this.exited;
    clearTimeout(timer);
  }

  exit(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return this.exited;
  }
}

export async function startEngineProcess(options: EngineProcessOptions): Promise<EngineProcess> {
  const engine = new EngineProcess(options);
  await engine.start();
  return engine;
}
