// The watchdog of an installed rport service: looks at its state.json and asks its service manager at
// every check (and when a deadline falls due), judges it (service-judge.ts), and restarts it through
// the service manager when it is stale or stopped. Restarts are limited like the app's own engine's
// (restart-budget.ts, restart-backoff.ts): beyond the budget the watcher gives up (phase `failed`) until
// Retry, or until the service is healthy again by itself. Every restart is recorded with its reason
// (restart-record.ts). It reports like the engine supervisor (SupervisorEvent), so the app core, the
// tray and the notifications follow the service the way they follow the app's own engine.
//
// The budget counts on the wall clock, not the monotonic one, so that `rport-tray watch-service --once`
// runs (a scheduled task, like the PowerShell watchdog) share one budget through a record file.
import { systemClock, systemTimers, type Clock, type Timers } from '../clock';
import { ClockJumpDetector } from '../clock-jump-detector';
import { restartDelayMs } from '../restart-backoff';
import { RestartBudget } from '../restart-budget';
import { describeRestartReason, seconds } from '../restart-record';
import type {
  RestartReason,
  RestartRecord,
  SupervisorEvent,
  SupervisorPhase,
  SupervisorStatus,
} from '../supervisor-types';
import type { ConfigPlatform } from '../../config/defaults';
import type { EngineStatus, LogLevelName } from '../../shared/types/engine-types';
import type { ServiceHealth, ServiceRestartEntry, ServiceWatchView } from '../../shared/types/service-watch-types';
import { readServiceConfig, type ServiceConfigReading } from './service-config';
import { judgeService, StateFileObserver, type ServiceVerdict } from './service-judge';
import type { ServiceManager, ServiceQuery } from './service-manager';
import { healthText, progressKindOf, serviceEngineStatus } from './service-status';
import { usualStateFile, type ServiceTarget } from './service-target';
import {
  resolveServiceWatchPolicy,
  type ServiceWatchPolicy,
  type ServiceWatchPolicyOverrides,
} from './service-watch-policy';
import { readStateFile, type StateFileReading } from './state-file-reader';
import { parseStateMessage } from './state-messages';

export interface ServiceWatcherOptions {
  target: ServiceTarget;
  manager: ServiceManager;
  policy?: ServiceWatchPolicyOverrides;
  clock?: Clock;
  timers?: Timers;
  platform?: ConfigPlatform;
  readConfig?: (file: string) => Promise<ServiceConfigReading>;
  readState?: (file: string) => Promise<StateFileReading>;
  /** Restarts made by earlier runs (the record file of `watch-service --once`), oldest first. */
  history?: readonly ServiceRestartEntry[];
  /** An earlier run gave up (budget spent) for this reason. */
  failedReason?: string | null;
  /** Headless: watch for wall-clock jumps (suspend/resume, time set) and hold restarts for a grace. */
  detectClockJumps?: boolean;
}

type ServiceRecord = RestartRecord & { failed: boolean };

/** Restarts not counted in the budget: asked for by the user or the app. */
const isCounted = (reason: RestartReason): boolean => reason.kind !== 'requested';

export class ServiceWatcher {
  private readonly policy: ServiceWatchPolicy;
  private readonly clock: Clock;
  private readonly timers: Timers;
  private readonly budget: RestartBudget;
  private readonly listeners = new Set<(event: SupervisorEvent) => void>();
  private readonly observer = new StateFileObserver();
  private readonly jumps: ClockJumpDetector | null;
  private readonly readConfig: (file: string) => Promise<ServiceConfigReading>;
  private readonly readState: (file: string) => Promise<StateFileReading>;

  private phase: SupervisorPhase = 'stopped';
  private failedReason: string | null;
  private records: ServiceRecord[] = [];
  private restartCount = 0;
  private engine: EngineStatus | null = null;
  private engineKey = '';
  private lastProgressAt: number | null = null;
  private connectedSince: number | null = null;
  private view: ServiceWatchView;
  private viewKey = '';
  private healthKey = '';
  private problemKeys = new Set<string>();
  /** After a restart the service was told to make: until when it is shown as restarting (monotonic). */
  private restarted: { atMono: number; atWall: number; untilMono: number } | null = null;
  /** No counted restart before this monotonic time (back-off after a restart, grace after a clock jump). */
  private holdUntil: number | null = null;
  private work: Promise<unknown> = Promise.resolve();
  private pendingCheck: Promise<ServiceWatchView> | null = null;
  private timer: unknown = null;
  private watching = false;

  constructor(private readonly options: ServiceWatcherOptions) {
    this.policy = resolveServiceWatchPolicy(options.policy);
    this.clock = options.clock ?? systemClock;
    this.timers = options.timers ?? systemTimers;
    this.budget = new RestartBudget(this.policy.budget);
    this.jumps = options.detectClockJumps ? new ClockJumpDetector(5_000) : null;
    this.readConfig = options.readConfig ?? ((file) => readServiceConfig(file, { platform: options.platform }));
    this.readState = options.readState ?? ((file) => readStateFile(file));
    for (const entry of options.history ?? []) {
      if (entry.count > 0) this.budget.take(entry.at);
      this.records.push({
        at: entry.at,
        reason: { kind: 'requested' },
        text: entry.text,
        count: entry.count,
        failed: entry.failed,
      });
    }
    this.restartCount = this.records.length;
    this.failedReason = options.failedReason ?? null;
    if (this.failedReason !== null) this.phase = 'failed';
    this.view = this.emptyView();
  }

  get manager(): ServiceManager {
    return this.options.manager;
  }

  // ---- API ----------------------------------------------------------------------------------------

  /** Starts watching: a check now, then one at every interval or deadline. */
  start(): void {
    if (this.watching) return;
    this.watching = true;
    if (this.phase === 'stopped') this.setPhase('starting');
    this.schedule(0);
  }

  /** Stops watching (a restart under way finishes first). */
  async stop(): Promise<void> {
    this.watching = false;
    this.clearTimer();
    await this.work.catch(() => undefined);
    if (this.phase !== 'failed') this.setPhase('stopped');
  }

  /** One check now (the one under way, if any); resolves with the view after it. */
  check(): Promise<ServiceWatchView> {
    this.pendingCheck ??= this.serialize(() => this.checkOnce()).finally(() => {
      this.pendingCheck = null;
    });
    return this.pendingCheck;
  }

  /** A restart the user or the app asked for (not counted in the budget), e.g. after a config change. */
  restart(why?: string): Promise<void> {
    return this.serialize(async () => {
      await this.restartFor({ kind: 'requested', ...(why ? { why } : {}) });
      this.schedule(0);
    });
  }

  /** After the watcher gave up: a fresh budget, and a check now. */
  retry(): void {
    this.budget.reset();
    this.holdUntil = null;
    this.failedReason = null;
    this.log('info', 'retrying: the restart budget is fresh again');
    this.setPhase(this.watching ? 'running' : 'stopped');
    if (this.watching) this.schedule(0);
  }

  /** The machine woke up: hold restarts for the startup grace while the service catches up. */
  onSystemResume(): void {
    this.graceAfter('the system resumed');
  }

  current(): ServiceWatchView {
    return this.view;
  }

  /** The newest restart records, for `--once` runs to keep (oldest first). */
  history(): ServiceRestartEntry[] {
    return this.view.restarts;
  }

  status(): SupervisorStatus {
    return {
      phase: this.phase,
      workerPid: null,
      failedReason: this.failedReason,
      restarts: this.records.map(({ failed: _failed, ...record }) => record),
      nextRestartAt: null,
      engine: this.engine,
      lastProgressAt: this.lastProgressAt,
      deadlineMs: this.view.deadlineMs,
      graceUntil: null,
      restartCount: this.restartCount,
      service: this.view,
    };
  }

  on(listener: (event: SupervisorEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- one check ------------------------------------------------------------------------------------

  private async checkOnce(): Promise<ServiceWatchView> {
    const { target } = this.options;
    const config = await this.readConfig(target.configPath);
    const stateFile = target.stateFile ?? config.stateFile ?? usualStateFile(target.configPath, this.options.platform);
    const [run, reading] = await Promise.all([this.options.manager.query(), this.readState(stateFile)]);
    const monoNow = this.clock.monotonicMs();
    const wallNow = this.clock.wallMs();
    const jump = this.jumps?.sample(monoNow, wallNow) ?? null;
    if (jump !== null) this.graceAfter(`the wall clock jumped by ${Math.round(jump / 1000)} s`);

    let silence = null;
    if (reading.kind === 'ok') {
      this.observer.observe(reading.updatedAt, monoNow);
      silence = this.observer.silence(reading.updatedAt, wallNow, monoNow, this.policy.clockAheadToleranceMs);
      if (reading.state !== 'connected') this.connectedSince = null;
      else if (parseStateMessage(reading.message).kind === 'connected') this.connectedSince = reading.updatedAt;
    }
    const judged = judgeService({
      run,
      serviceName: this.options.manager.serviceName,
      reading,
      config,
      silence,
      marginMs: this.policy.marginMs,
      thresholdMs: this.policy.thresholdMs,
    });
    const { verdict } = judged;

    if (this.restarted) {
      const seenFresh = (this.observer.lastChangeSeenAt() ?? -Infinity) > this.restarted.atMono;
      const writtenSince = reading.kind === 'ok' && reading.updatedAt >= this.restarted.atWall - 1000;
      if ((seenFresh || writtenSince) && verdict.health !== 'stopped') {
        this.restarted = null;
        this.log('info', `the ${this.serviceName} service writes state.json again after the restart`);
      } else if (monoNow >= this.restarted.untilMono) {
        this.restarted = null;
      }
    }
    this.updateEngine(run, reading, verdict);
    this.updateView(run, stateFile, reading, verdict, judged.problems, wallNow, monoNow);

    const unhealthy = verdict.health === 'stale' || verdict.health === 'stopped';
    const held = this.holdUntil !== null && monoNow < this.holdUntil;
    if (unhealthy && this.phase !== 'failed' && !held && !this.restarted) {
      await this.restartFor(
        verdict.health === 'stopped'
          ? { kind: 'service-stopped', detail: verdict.detail }
          : {
              kind: 'service-stale',
              state: verdict.state,
              silentForMs: Math.round(verdict.silentForMs),
              deadlineMs: Math.round(verdict.deadline.ms),
            },
      );
      if (this.restarted) {
        this.view = {
          ...this.view,
          health: 'restarting',
          healthText: 'restart made; waiting for the service to write state.json',
        };
      }
    } else if (verdict.health === 'healthy' && this.phase === 'failed') {
      this.failedReason = null;
      this.log('info', `the ${this.serviceName} service is healthy again: restarts are allowed again`);
    }
    this.setPhase(this.failedReason !== null ? 'failed' : this.restarted ? 'restarting' : 'running');
    this.refreshView(wallNow);
    if (this.watching) this.schedule(this.nextDelay(verdict, this.clock.monotonicMs()));
    return this.view;
  }

  private async restartFor(reason: RestartReason): Promise<void> {
    const wallNow = this.clock.wallMs();
    const monoNow = this.clock.monotonicMs();
    const text = describeRestartReason(reason);
    let count = this.budget.count(wallNow);
    if (isCounted(reason)) {
      const taken = this.budget.take(wallNow);
      if (!taken.allowed) {
        this.giveUp(text);
        return;
      }
      count = taken.count;
    }
    const { burst, intervalMs } = this.policy.budget;
    const manager = this.options.manager;
    this.log(
      isCounted(reason) ? 'warn' : 'info',
      `restarting the ${this.serviceName} service: ${text}` +
        (isCounted(reason) ? ` (restart ${count} of ${burst} allowed in ${seconds(intervalMs)})` : '') +
        ` with \`${manager.restartCommand}\``,
    );
    this.setPhase('restarting');
    let failure: string | null = null;
    try {
      await manager.restart();
    } catch (err) {
      failure = err instanceof Error ? err.message : String(err);
    }
    const after = this.clock.monotonicMs();
    const backoff = isCounted(reason) ? restartDelayMs(count, this.policy.backoff) : 0;
    if (failure === null) {
      this.restarted = { atMono: monoNow, atWall: wallNow, untilMono: after + this.policy.startupGraceMs };
      this.holdUntil = after + Math.max(this.policy.startupGraceMs, backoff);
    } else {
      this.holdUntil = after + Math.max(this.policy.checkIntervalMs, backoff);
      this.log('error', `restarting the ${this.serviceName} service failed: ${failure}`);
    }
    const record: ServiceRecord = {
      at: wallNow,
      reason,
      text: failure === null ? text : `${text}; the restart failed: ${failure}`,
      count: isCounted(reason) ? count : 0,
      failed: failure !== null,
    };
    this.records.push(record);
    if (this.records.length > this.policy.keepRecords)
      this.records.splice(0, this.records.length - this.policy.keepRecords);
    this.restartCount++;
    this.refreshView(wallNow);
    this.emit({
      type: 'restart',
      record: { at: record.at, reason: record.reason, text: record.text, count: record.count },
    });
    this.setPhase(this.restarted ? 'restarting' : 'running');
  }

  private giveUp(lastText: string): void {
    const { burst, intervalMs } = this.policy.budget;
    this.failedReason =
      `the ${this.serviceName} service was restarted ${burst} times within ${seconds(intervalMs)} ` +
      `and is still unhealthy: ${lastText}`;
    this.log('error', `giving up: ${this.failedReason}; Retry to restart it again`);
    this.refreshView(this.clock.wallMs());
    this.setPhase('failed');
  }

  private graceAfter(why: string): void {
    this.holdUntil = Math.max(this.holdUntil ?? -Infinity, this.clock.monotonicMs() + this.policy.startupGraceMs);
    this.log('info', `${why}: no restart for ${seconds(this.policy.startupGraceMs)} while the service catches up`);
  }

  // ---- what the windows and the log see -----------------------------------------------------------

  private updateEngine(run: ServiceQuery, reading: StateFileReading, verdict: ServiceVerdict): void {
    const engine = serviceEngineStatus(
      run,
      reading,
      this.connectedSince,
      verdict.health === 'unjudged' ? verdict.why : null,
    );
    const key = JSON.stringify(engine);
    const at = reading.kind === 'ok' ? reading.updatedAt : this.clock.wallMs();
    const changedWrite = reading.kind === 'ok' && at !== this.lastProgressAt;
    if (key === this.engineKey && !changedWrite) return;
    this.engine = engine;
    this.engineKey = key;
    this.lastProgressAt = at;
    this.emit({ type: 'engine', event: { type: 'progress', kind: progressKindOf(engine), status: engine, at } });
  }

  private updateView(
    run: ServiceQuery,
    stateFile: string,
    reading: StateFileReading,
    verdict: ServiceVerdict,
    problems: ServiceWatchView['problems'],
    wallNow: number,
    monoNow: number,
  ): void {
    const ok = reading.kind === 'ok' ? reading : null;
    const restarting = this.restarted !== null;
    const health: ServiceHealth = restarting ? 'restarting' : verdict.health;
    const text = restarting
      ? `restarted ${seconds(monoNow - (this.restarted?.atMono ?? monoNow))} ago; waiting for the service to write state.json`
      : healthText(verdict);
    this.view = {
      ...this.view,
      stateFile,
      running: run.state,
      runningDetail: run.detail,
      lastState: ok?.state ?? null,
      lastMessage: ok?.message ?? null,
      lastUpdateAt: ok?.updatedAt ?? null,
      health,
      healthText: text,
      deadlineMs: 'deadline' in verdict ? Math.round(verdict.deadline.ms) : null,
      problems,
      checkedAt: wallNow,
    };
    const healthKey = `${health}|${verdict.health === 'unjudged' ? verdict.why : ''}|${ok?.state ?? ''}`;
    if (healthKey !== this.healthKey) {
      this.healthKey = healthKey;
      const level: LogLevelName = health === 'healthy' || health === 'restarting' ? 'info' : 'warn';
      this.log(level, `${this.serviceName} service: ${text}`);
    }
    const keys = new Set(problems.map((p) => p.message));
    for (const p of problems) {
      if (!this.problemKeys.has(p.message)) this.log('warn', `${p.message}${p.fix ? `; fix: ${p.fix}` : ''}`);
    }
    this.problemKeys = keys;
  }

  /** Records and budget into the view, and a status event when anything but the clock changed. */
  private refreshView(wallNow: number): void {
    this.view = {
      ...this.view,
      restarts: this.records.map(({ at, text, count, failed }) => ({ at, text, count, failed })),
      restartCount: this.restartCount,
      failedReason: this.failedReason,
      checkedAt: wallNow,
    };
    const { checkedAt: _c, healthText: _h, ...stable } = this.view;
    const key = JSON.stringify(stable);
    if (key === this.viewKey) return;
    this.viewKey = key;
    this.emit({ type: 'supervisor', status: this.status() });
  }

  private emptyView(): ServiceWatchView {
    const { target, manager } = this.options;
    return {
      serviceName: manager.serviceName,
      manager: manager.kind,
      restartCommand: manager.restartCommand,
      configPath: target.configPath,
      stateFile: target.stateFile,
      running: 'unknown',
      runningDetail: 'not asked yet',
      lastState: null,
      lastMessage: null,
      lastUpdateAt: null,
      health: 'unjudged',
      healthText: 'not checked yet',
      deadlineMs: null,
      problems: [],
      restarts: this.records.map(({ at, text, count, failed }) => ({ at, text, count, failed })),
      restartCount: this.restartCount,
      failedReason: this.failedReason,
      budget: { ...this.policy.budget },
      checkedAt: null,
    };
  }

  // ---- plumbing -------------------------------------------------------------------------------------

  private get serviceName(): string {
    return this.options.manager.serviceName;
  }

  /** The next check: at the interval, or sooner when the deadline or a hold falls due. */
  private nextDelay(verdict: ServiceVerdict, monoNow: number): number {
    let delay = this.policy.checkIntervalMs;
    if (verdict.health === 'healthy') delay = Math.min(delay, verdict.deadline.ms - verdict.silentForMs + 1);
    if (this.restarted) delay = Math.min(delay, 5_000, this.restarted.untilMono - monoNow);
    if (this.holdUntil !== null && this.holdUntil > monoNow) delay = Math.min(delay, this.holdUntil - monoNow + 1);
    return Math.max(0, delay);
  }

  private schedule(delayMs: number): void {
    this.clearTimer();
    if (!this.watching) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      void this.check().catch((err: unknown) => {
        this.log(
          'error',
          `checking the ${this.serviceName} service failed: ${err instanceof Error ? err.message : String(err)}`,
        );
        this.schedule(this.policy.checkIntervalMs);
      });
    }, delayMs);
  }

  private clearTimer(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private serialize<T>(job: () => Promise<T>): Promise<T> {
    const run = this.work.then(job, job);
    this.work = run.catch(() => undefined);
    return run;
  }

  private setPhase(phase: SupervisorPhase): void {
    if (phase === this.phase) return;
    this.phase = phase;
    this.emit({ type: 'supervisor', status: this.status() });
  }

  private log(level: LogLevelName, message: string): void {
    this.emit({ type: 'log', line: { at: this.clock.wallMs(), level, source: 'service-watch', message } });
  }

  private emit(event: SupervisorEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A broken listener must not break the watch.
      }
    }
  }
}
