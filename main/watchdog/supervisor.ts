// The supervisor: runs the engine in a worker process, relays its events, and restarts it when its
// progress goes stale for longer than the deadline of the state it last reported, when the process
// itself stops sending its heartbeat (liveness, seconds whatever keep_alive is), or when it dies.
// Before judging a silence it reads what the worker sent, and its own stall (paused, starved) counts
// like a clock jump, so a healthy worker is never restarted for the supervisor's delay.
// Restarts back off and are limited by a budget; when the budget is spent the phase is `failed` until
// `retry()`. Every restart is recorded with its reason.

import { randomUUID } from 'node:crypto';
import type { RportConfig } from '../shared/types/config-types';
import type { EngineStatus, EngineTestFault, LogLevelName, WorkerMessage } from '../shared/types/engine-types';
import { ClockJumpDetector } from './clock-jump-detector';
import { systemClock, systemTimers, type Clock, type Timers } from './clock';
import { progressDeadlineMs, type EngineTimingFacts, type WatchedState } from './progress-deadline';
import { restartDelayMs } from './restart-backoff';
import { RestartBudget } from './restart-budget';
import { describeRestartReason } from './restart-record';
import { LivenessWatch } from './liveness-watch';
import { SelfStallDetector } from './self-stall-detector';
import { StalenessWatch } from './staleness-watch';
import type {
  RestartReason,
  RestartRecord,
  Supervisor,
  SupervisorEvent,
  SupervisorPhase,
  SupervisorStartInput,
  SupervisorStatus,
} from './supervisor-types';
import { resolvePolicy, type WatchdogPolicy, type WatchdogPolicyOverrides } from './watchdog-policy';
import { MIN_HEARTBEATS_PER_DEADLINE } from './worker-heartbeat';
import type { WorkerExit, WorkerHandle, WorkerHost } from './worker-host';

export interface SupervisorOptions {
  host: WorkerHost;
  /** The engine's own timing facts (dial timeout, keep-alive extras) that bound its silences. */
  engineTiming: EngineTimingFacts;
  policy?: WatchdogPolicyOverrides;
  clock?: Clock;
  timers?: Timers;
  /** Headless detects clock jumps itself; the Electron layer feeds powerMonitor instead and may turn this off. */
  detectClockJumps?: boolean;
}

/** After SIGKILL, how long to wait for the exit before giving up on a process the OS will not reap. */
const KILL_CONFIRM_MS = 5_000;

const WORKER_MESSAGE_TYPES = new Set(['ready', 'event', 'fatal', 'alive']);

function isWorkerMessage(value: unknown): value is WorkerMessage {
  return (
    typeof value === 'object' &&
    value !== null &&
    WORKER_MESSAGE_TYPES.has((value as { type?: unknown }).type as string)
  );
}

interface RunningWorker {
  handle: WorkerHandle;
  /** True once we asked it to stop: its exit is then not a crash. */
  exitExpected: boolean;
  exited: Promise<WorkerExit>;
  lastFatal: string | null;
  /** Set once the worker announced its heartbeat (`ready.heartbeatMs`); a worker without one is not judged. */
  liveness: LivenessWatch | null;
}

export function createSupervisor(options: SupervisorOptions): Supervisor {
  return new ProcessSupervisor(options);
}

class ProcessSupervisor implements Supervisor {
  private readonly policy: WatchdogPolicy;
  private readonly clock: Clock;
  private readonly timers: Timers;
  private readonly listeners = new Set<(event: SupervisorEvent) => void>();
  private readonly budget: RestartBudget;
  private readonly jumpDetector: ClockJumpDetector | null;
  private readonly selfStall: SelfStallDetector;

  private phase: SupervisorPhase = 'stopped';
  private input: SupervisorStartInput | null = null;
  private sessionId: string | null = null;
  private worker: RunningWorker | null = null;
  private watch: StalenessWatch;
  private engine: EngineStatus | null = null;
  private lastProgressAt: number | null = null;
  private failedReason: string | null = null;
  private records: RestartRecord[] = [];
  private restartCount = 0;
  private nextRestartAt: number | null = null;
  private wantPaused = false;
  private wantRemoteCommandsBlocked: boolean | null = null;
  /** Bumped on every start/stop/restart decision so that stale async continuations do nothing. */
  private generation = 0;

  private staleTimer: unknown = null;
  private livenessTimer: unknown = null;
  private restartTimer: unknown = null;
  private clockTimer: unknown = null;
  private selfTimer: unknown = null;
  private disposed = false;

  constructor(private readonly options: SupervisorOptions) {
    this.policy = resolvePolicy(options.policy);
    this.clock = options.clock ?? systemClock;
    this.timers = options.timers ?? systemTimers;
    this.budget = new RestartBudget(this.policy.budget);
    this.watch = new StalenessWatch(this.clock.monotonicMs());
    this.jumpDetector =
      options.detectClockJumps === false ? null : new ClockJumpDetector(this.policy.clockJumpThresholdMs);
    this.selfStall = new SelfStallDetector(this.policy.selfCheckIntervalMs, this.policy.selfStallThresholdMs);
  }

  // ---- public API -------------------------------------------------------------------------------

  start(input: SupervisorStartInput): void {
    if (this.disposed) throw new Error('supervisor: disposed');
    if (this.phase !== 'stopped' && this.phase !== 'failed') throw new Error(`supervisor: already ${this.phase}`);
    this.input = input;
    this.sessionId = input.sessionId ?? this.sessionId ?? randomUUID();
    if (input.remoteCommandsBlocked !== undefined) this.wantRemoteCommandsBlocked = input.remoteCommandsBlocked;
    this.budget.reset();
    this.failedReason = null;
    this.generation++;
    this.startClockCheck();
    this.startSelfCheck();
    this.spawnWorker();
  }

  async stop(): Promise<void> {
    if (this.phase === 'stopped') return;
    const generation = ++this.generation;
    this.clearTimer('restartTimer');
    this.clearTimer('staleTimer');
    this.clearTimer('livenessTimer');
    this.nextRestartAt = null;
    this.setPhase('stopping');
    this.log('info', 'stopping the engine worker');
    await this.stopWorker();
    if (generation !== this.generation) return;
    this.clearTimer('clockTimer');
    this.clearTimer('selfTimer');
    this.setPhase('stopped');
  }

  pause(): void {
    this.wantPaused = true;
    this.worker?.handle.send({ type: 'pause' });
  }

  resume(): void {
    this.wantPaused = false;
    this.worker?.handle.send({ type: 'resume' });
  }

  switchServer(index: number): void {
    this.worker?.handle.send({ type: 'switch-server', index });
  }

  setRemoteCommandsBlocked(blocked: boolean): void {
    this.wantRemoteCommandsBlocked = blocked;
    this.worker?.handle.send({ type: 'block-remote-commands', blocked });
  }

  updateConfig(config: RportConfig): void {
    if (!this.input) throw new Error('supervisor: updateConfig before start');
    // A worker started later (a watchdog restart, a retry) starts on it too.
    this.input = { ...this.input, config };
    this.worker?.handle.send({ type: 'update-config', config });
  }

  restart(update?: Partial<SupervisorStartInput>): void {
    // After dispose (app quit, `kill`) a late restart from the UI must not spawn a worker nobody stops.
    if (this.disposed) return;
    if (!this.input) throw new Error('supervisor: restart before start');
    this.input = { ...this.input, ...update };
    if (update?.sessionId) this.sessionId = update.sessionId;
    if (this.phase === 'stopped' || this.phase === 'failed') {
      this.retry();
      return;
    }
    this.restartFor({ kind: 'requested' });
  }

  retry(): void {
    if (!this.input) throw new Error('supervisor: retry before start');
    if (this.phase !== 'failed' && this.phase !== 'stopped') return;
    this.log('info', this.phase === 'failed' ? 'retrying after the restart budget was spent' : 'starting again');
    this.start(this.input);
  }

  onSystemResume(): void {
    this.graceAfter('the system resumed');
  }

  status(): SupervisorStatus {
    const monoNow = this.clock.monotonicMs();
    const graceUntilMono = this.worker ? this.watch.graceUntil(monoNow) : null;
    return {
      phase: this.phase,
      workerPid: this.worker?.handle.pid ?? null,
      failedReason: this.failedReason,
      restarts: this.records.slice(),
      nextRestartAt: this.nextRestartAt,
      engine: this.engine,
      lastProgressAt: this.lastProgressAt,
      deadlineMs: this.worker ? this.watch.currentDeadline() : null,
      graceUntil: graceUntilMono === null ? null : Math.round(this.clock.wallMs() + (graceUntilMono - monoNow)),
      restartCount: this.restartCount,
    };
  }

  on(listener: (event: SupervisorEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  injectTestFault(fault: EngineTestFault): void {
    this.worker?.handle.send({ type: 'test-fault', fault });
  }

  dispose(): void {
    this.disposed = true;
    this.generation++;
    this.clearTimer('restartTimer');
    this.clearTimer('staleTimer');
    this.clearTimer('livenessTimer');
    this.clearTimer('clockTimer');
    this.clearTimer('selfTimer');
    if (this.worker) {
      // Killed on purpose: its exit must not start the restart path (a new worker after dispose).
      this.worker.exitExpected = true;
      this.worker.handle.kill('SIGKILL');
    }
    this.listeners.clear();
  }

  // ---- worker lifecycle ---------------------------------------------------------------------------

  private spawnWorker(): void {
    this.nextRestartAt = null;
    this.engine = null;
    this.lastProgressAt = null;
    this.watch = new StalenessWatch(this.clock.monotonicMs());
    this.watch.beat(this.clock.monotonicMs(), 'starting', this.deadlineFor('starting', null));
    const handle = this.options.host.spawn();
    let resolveExit: (exit: WorkerExit) => void = () => undefined;
    const worker: RunningWorker = {
      handle,
      exitExpected: false,
      exited: new Promise((resolve) => (resolveExit = resolve)),
      lastFatal: null,
      liveness: null,
    };
    this.worker = worker;
    handle.onMessage((message) => this.onWorkerMessage(worker, message));
    handle.onOutput((stream, line) => {
      if (this.worker === worker) this.log(stream === 'stderr' ? 'warn' : 'info', line, 'worker');
    });
    handle.onExit((exit) => {
      resolveExit(exit);
      this.onWorkerExit(worker, exit);
    });
    this.setPhase('starting');
    this.armStaleTimer();
  }

  private onWorkerMessage(worker: RunningWorker, message: unknown): void {
    if (this.worker !== worker) return;
    // Anything the worker sends shows that its process runs.
    worker.liveness?.alive(this.clock.monotonicMs());
    if (!isWorkerMessage(message)) {
      this.log('debug', 'ignored a malformed message from the worker');
      return;
    }
    switch (message.type) {
      case 'alive':
        break;
      case 'ready':
        this.log('info', `engine worker ${message.pid} ready (version ${message.version})`);
        this.watchLiveness(worker, message.heartbeatMs);
        this.sendStart(worker);
        this.emit({ type: 'supervisor', status: this.status() });
        break;
      case 'fatal':
        worker.lastFatal = message.message;
        this.log('error', `engine worker reported a fatal error: ${message.message}`);
        break;
      case 'event':
        this.emit({ type: 'engine', event: message.event });
        if (message.event.type === 'progress') this.onProgress(message.event.status, message.event.at);
        break;
    }
  }

  private sendStart(worker: RunningWorker): void {
    if (!this.input || !this.sessionId) return;
    const { sessionId: _ignored, ...rest } = this.input;
    const remoteCommandsBlocked = this.wantRemoteCommandsBlocked ?? rest.remoteCommandsBlocked;
    worker.handle.send({
      type: 'start',
      options: {
        ...rest,
        sessionId: this.sessionId,
        ...(remoteCommandsBlocked === undefined ? {} : { remoteCommandsBlocked }),
      },
    });
    if (this.wantPaused) worker.handle.send({ type: 'pause' });
  }

  private onProgress(status: EngineStatus, at: number): void {
    this.engine = status;
    this.lastProgressAt = at;
    this.watch.beat(this.clock.monotonicMs(), status.state, this.deadlineFor(status.state, status.retryInMs));
    if (this.phase === 'starting') this.setPhase('running');
    else this.emit({ type: 'supervisor', status: this.status() });
    this.armStaleTimer();
  }

  private onWorkerExit(worker: RunningWorker, exit: WorkerExit): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.clearTimer('staleTimer');
    this.clearTimer('livenessTimer');
    if (worker.exitExpected) return;
    const reason: RestartReason =
      exit.spawnError !== undefined
        ? { kind: 'spawn-error', message: exit.spawnError }
        : {
            kind: 'exit',
            code: exit.code,
            signal: exit.signal,
            ...(worker.lastFatal || exit.message ? { message: worker.lastFatal ?? exit.message } : {}),
          };
    this.restartFor(reason);
  }

  /**
   * Ask, then SIGKILL after the grace; resolves when the worker is gone (or the OS will not reap it).
   * `killAtOnce`: the worker is known not to run (no heartbeat), so asking would only add the grace.
   */
  private async stopWorker(killAtOnce = false): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    worker.exitExpected = true;
    this.clearTimer('staleTimer');
    this.clearTimer('livenessTimer');
    if (!killAtOnce) worker.handle.send({ type: 'stop' });
    const gone = killAtOnce ? false : await this.within(worker.exited, this.policy.stopGraceMs);
    if (!gone) {
      this.log(
        'warn',
        killAtOnce
          ? `engine worker ${worker.handle.pid ?? '?'} is unresponsive: SIGKILL`
          : `engine worker ${worker.handle.pid ?? '?'} did not stop within ${this.policy.stopGraceMs} ms: SIGKILL`,
      );
      worker.handle.kill('SIGKILL');
      if (!(await this.within(worker.exited, KILL_CONFIRM_MS))) {
        this.log('error', `engine worker ${worker.handle.pid ?? '?'} did not exit after SIGKILL; abandoning it`);
      }
    }
    if (this.worker === worker) this.worker = null;
  }

  private within(promise: Promise<unknown>, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = this.timers.setTimeout(() => resolve(false), ms);
      void promise.then(() => {
        this.timers.clearTimeout(timer);
        resolve(true);
      });
    });
  }

  // ---- restarts -----------------------------------------------------------------------------------

  private restartFor(reason: RestartReason): void {
    const generation = ++this.generation;
    const monoNow = this.clock.monotonicMs();
    const text = describeRestartReason(reason);
    this.clearTimer('restartTimer');
    let count = this.budget.count(monoNow);
    if (reason.kind !== 'requested') {
      const taken = this.budget.take(monoNow);
      if (!taken.allowed) {
        void this.fail(text, generation);
        return;
      }
      count = taken.count;
    }
    const record: RestartRecord = { at: this.clock.wallMs(), reason, text, count };
    this.records.push(record);
    // Only the newest keepRecords (a negative count removes nothing).
    this.records.splice(0, this.records.length - this.policy.keepRecords);
    this.restartCount++;
    const delay = reason.kind === 'requested' ? 0 : restartDelayMs(count, this.policy.backoff);
    this.log(
      reason.kind === 'requested' ? 'info' : 'warn',
      reason.kind === 'requested'
        ? 'restarting the engine worker: restart requested'
        : `restarting the engine worker: ${text} (restart ${count} of ${this.policy.budget.burst} allowed in ` +
            `${Math.round(this.policy.budget.intervalMs / 1000)} s; next start in ${delay} ms)`,
    );
    this.setPhase('restarting');
    this.emit({ type: 'restart', record });
    void this.stopWorker(reason.kind === 'unresponsive').then(() => {
      if (generation !== this.generation) return;
      this.nextRestartAt = Math.round(this.clock.wallMs() + delay);
      this.emit({ type: 'supervisor', status: this.status() });
      this.restartTimer = this.timers.setTimeout(() => {
        this.restartTimer = null;
        if (generation === this.generation) this.spawnWorker();
      }, delay);
    });
  }

  private async fail(lastText: string, generation: number): Promise<void> {
    const { burst, intervalMs } = this.policy.budget;
    this.failedReason =
      `the engine worker was restarted ${burst} times within ${Math.round(intervalMs / 1000)} s and failed again: ` +
      lastText;
    this.log('error', `giving up: ${this.failedReason}`);
    await this.stopWorker();
    if (generation !== this.generation) return;
    this.clearTimer('clockTimer');
    this.clearTimer('selfTimer');
    this.nextRestartAt = null;
    this.setPhase('failed');
  }

  // ---- staleness ----------------------------------------------------------------------------------

  private deadlineFor(state: WatchedState, retryInMs: number | null): number | null {
    const config = this.input?.config;
    return progressDeadlineMs({
      state,
      keepAliveMs: (config?.connection.keep_alive ?? 0) / 1e6,
      keepAliveTimeoutMs: (config?.connection.keep_alive_timeout ?? 0) / 1e6,
      fallbackCount: config?.client.fallback_servers.length ?? 0,
      retryInMs,
      timing: this.options.engineTiming,
      slackMs: this.policy.slackMs,
      startupTimeoutMs: this.policy.startupTimeoutMs,
    });
  }

  private armStaleTimer(): void {
    this.clearTimer('staleTimer');
    const at = this.watch.staleAt();
    if (at === null || !this.worker || this.worker.exitExpected) return;
    const delay = Math.max(0, at - this.clock.monotonicMs());
    this.staleTimer = this.timers.setTimeout(() => {
      this.staleTimer = null;
      this.checkStale();
    }, delay);
  }

  private checkStale(): void {
    if (!this.worker || this.worker.exitExpected) return;
    this.noticeSelfStall();
    if (!this.watch.check(this.clock.monotonicMs())) {
      // Timers may fire a little early; a grace may have moved the deadline.
      this.armStaleTimer();
      return;
    }
    this.afterQueuedMessages('staleTimer', () => {
      const verdict = this.watch.check(this.clock.monotonicMs());
      if (!verdict) {
        this.armStaleTimer();
        return;
      }
      this.restartFor({
        kind: 'stale',
        state: verdict.state,
        silentForMs: Math.round(verdict.silentForMs),
        deadlineMs: Math.round(verdict.deadlineMs),
      });
    });
  }

  // ---- liveness -----------------------------------------------------------------------------------

  /** From `ready` on, a worker that announced a heartbeat must keep sending something. */
  private watchLiveness(worker: RunningWorker, heartbeatMs: number | undefined): void {
    if (typeof heartbeatMs !== 'number' || !Number.isFinite(heartbeatMs) || heartbeatMs <= 0) return;
    const deadlineMs = Math.max(this.policy.livenessTimeoutMs, MIN_HEARTBEATS_PER_DEADLINE * heartbeatMs);
    worker.liveness = new LivenessWatch(this.clock.monotonicMs(), deadlineMs);
    this.armLivenessTimer();
  }

  private armLivenessTimer(): void {
    this.clearTimer('livenessTimer');
    const worker = this.worker;
    if (!worker?.liveness || worker.exitExpected) return;
    // Heartbeats do not re-arm the timer (two a second): when it fires early it arms itself again.
    const delay = Math.max(0, worker.liveness.staleAt() - this.clock.monotonicMs());
    this.livenessTimer = this.timers.setTimeout(() => {
      this.livenessTimer = null;
      this.checkLiveness();
    }, delay);
  }

  private checkLiveness(): void {
    const worker = this.worker;
    if (!worker?.liveness || worker.exitExpected) return;
    this.noticeSelfStall();
    if (!worker.liveness.check(this.clock.monotonicMs())) {
      this.armLivenessTimer();
      return;
    }
    this.afterQueuedMessages('livenessTimer', () => {
      if (this.worker !== worker || !worker.liveness || worker.exitExpected) return;
      const verdict = worker.liveness.check(this.clock.monotonicMs());
      if (!verdict) {
        this.armLivenessTimer();
        return;
      }
      this.restartFor({
        kind: 'unresponsive',
        silentForMs: Math.round(verdict.silentForMs),
        deadlineMs: Math.round(verdict.deadlineMs),
      });
    });
  }

  /**
   * Runs `judge` only after what the worker sent has been read: a timer callback runs before this turn's
   * I/O, so messages queued while this process was busy or paused would otherwise look like silence.
   * A zero timeout runs after the I/O phase of the current turn.
   */
  private afterQueuedMessages(slot: 'staleTimer' | 'livenessTimer', judge: () => void): void {
    this.clearTimer(slot);
    this[slot] = this.timers.setTimeout(() => {
      this[slot] = null;
      if (this.worker && !this.worker.exitExpected) judge();
    }, 0);
  }

  // ---- the supervisor's own stalls ------------------------------------------------------------------

  /** A paused or starved supervisor is like a clock jump: a grace, and liveness counts from now. */
  private noticeSelfStall(): void {
    const now = this.clock.monotonicMs();
    const stalledMs = this.selfStall.sample(now);
    if (stalledMs === null) return;
    this.worker?.liveness?.grace(now);
    this.graceAfter(
      `the supervisor itself was paused or starved for ${Math.round(stalledMs / 100) / 10} s ` +
        '(what the engine sent meanwhile is read before it is judged)',
    );
  }

  private startSelfCheck(): void {
    if (this.selfTimer !== null) return;
    this.selfStall.reset(this.clock.monotonicMs());
    const tick = (): void => {
      this.noticeSelfStall();
      this.selfTimer = this.timers.setTimeout(tick, this.policy.selfCheckIntervalMs);
      this.timers.unref?.(this.selfTimer);
    };
    this.selfTimer = this.timers.setTimeout(tick, this.policy.selfCheckIntervalMs);
    this.timers.unref?.(this.selfTimer);
  }

  private graceAfter(why: string): void {
    this.watch.grace(this.clock.monotonicMs(), this.policy.resumeGraceMs);
    this.log(
      'info',
      `${why}: staleness is judged again after a grace of ${Math.round(this.policy.resumeGraceMs / 1000)} s`,
    );
    if (this.worker) {
      this.armStaleTimer();
      this.armLivenessTimer();
    }
    this.emit({ type: 'supervisor', status: this.status() });
  }

  private startClockCheck(): void {
    if (!this.jumpDetector || this.clockTimer !== null) return;
    const tick = (): void => {
      const jump = this.jumpDetector?.sample(this.clock.monotonicMs(), this.clock.wallMs()) ?? null;
      if (jump !== null) {
        const seconds = Math.round(jump / 1000);
        this.graceAfter(
          `the wall clock jumped by ${seconds > 0 ? '+' : ''}${seconds} s (suspend/resume or time change)`,
        );
      }
      this.clockTimer = this.timers.setTimeout(tick, this.policy.clockCheckIntervalMs);
      this.timers.unref?.(this.clockTimer);
    };
    tick();
  }

  // ---- plumbing -----------------------------------------------------------------------------------

  private setPhase(phase: SupervisorPhase): void {
    this.phase = phase;
    this.emit({ type: 'supervisor', status: this.status() });
  }

  private clearTimer(name: 'staleTimer' | 'livenessTimer' | 'restartTimer' | 'clockTimer' | 'selfTimer'): void {
    this.timers.clearTimeout(this[name]); // null clears nothing
    this[name] = null;
  }

  private log(level: LogLevelName, message: string, source = 'watchdog'): void {
    this.emit({ type: 'log', line: { at: this.clock.wallMs(), level, source, message } });
  }

  private emit(event: SupervisorEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A broken listener must not break supervision.
      }
    }
  }
}
