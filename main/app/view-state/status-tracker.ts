// Folds the supervisor's events into the one status the window and the tray show. The state word comes
// from the engine, except where the supervisor knows better: a worker being restarted is not
// "connected", and a spent restart budget is "failed".
//
// A restart (a new config applied, the user's or the watchdog's) reads as one `reconnecting` with its
// reason until the new engine says where it got: the old engine's `stopped` and the new one's
// `initialized` are steps of the restart, not states worth a flash in the header and a timeline entry.
// `initialized` itself is shown only on the app's first start; later (a new worker, a resume) the engine
// is reconnecting.
import type { AppStatus, ConfigIssue, SupervisorView } from '../../shared/contract';
import type { EngineStatus, ProgressKind } from '../../shared/types/engine-types';
import type { SupervisorStatus } from '../../watchdog/supervisor-types';
import { ConnectionProblems } from './connection-problem';

export const RESTARTING_TEXT = 'Restarting the engine';
const CONNECTING_TEXT = 'Connecting';
import type { ServiceWatchView } from '../../shared/types/service-watch-types';

export class StatusTracker {
  private engine: EngineStatus | null = null;
  private supervisor: SupervisorView = { phase: 'stopped', failedReason: null, nextRestartAt: null, restartCount: 0 };
  private lastUpdateAt: number | null = null;
  private setupNeeded = false;
  /** Why no engine runs (a config with errors); null when one should. */
  private notRunningReason: string | null = null;
  /** The config on disk has errors; the engine (if any) runs on the last good one. */
  private configIssue: ConfigIssue | null = null;
  /** While waiting out the back-off: epoch ms of the next attempt. */
  private nextRetryAt: number | null = null;
  /** Why a restart is in progress, as the window says it; null when none is. */
  private restarting: string | null = null;
  /** The engine reported a real state since the app started: a later `initialized` is a reconnect. */
  private settled = false;
  private readonly problems = new ConnectionProblems();
  private remoteCommandsBlocked = false;
  /** The watched rport service, in service mode (issue 17). */
  private service: ServiceWatchView | null = null;

  constructor(private readonly configPath: string) {}

  onEngineProgress(status: EngineStatus, at: number, kind: ProgressKind): void {
    this.engine = status;
    this.lastUpdateAt = at;
    // The engine announces the wait once (`retry`); later reports in the same wait keep its end.
    if (status.retryInMs === null) this.nextRetryAt = null;
    else if (kind === 'retry' || this.nextRetryAt === null) this.nextRetryAt = at + status.retryInMs;
    this.problems.update(status);
    if (status.state === 'initialized') return;
    this.settled = true;
    // The old engine's last words arrive while its supervisor is stopping or restarting; a real state
    // from the new one (its supervisor starting or running) ends the restart.
    if (this.supervisor.phase === 'starting' || this.supervisor.phase === 'running') this.restarting = null;
  }

  onSupervisorStatus(status: SupervisorStatus): void {
    this.supervisor = {
      ...this.supervisor,
      phase: status.phase,
      failedReason: status.failedReason,
      nextRestartAt: status.nextRestartAt,
    };
    if (status.phase === 'restarting') this.restarting ??= RESTARTING_TEXT;
    if (status.phase === 'failed') this.restarting = null;
    if (status.service) this.service = status.service;
  }

  onWatchdogRestart(): void {
    this.supervisor = { ...this.supervisor, restartCount: this.supervisor.restartCount + 1 };
  }

  setSetupNeeded(needed: boolean): void {
    this.setupNeeded = needed;
  }

  setConfigIssue(issue: ConfigIssue | null): void {
    this.configIssue = issue;
  }

  setNotRunning(reason: string | null): void {
    this.notRunningReason = reason;
    if (reason !== null) this.restarting = null;
  }

  /** The running engine is about to be replaced (a new config): shown as `reconnecting` with `reason`. */
  beginRestart(reason: string): void {
    this.restarting = reason;
  }

  /** The app is stopping: what follows is a real stop, not a step of a restart. */
  endRestart(): void {
    this.restarting = null;
  }

  setRemoteCommandsBlocked(blocked: boolean): void {
    this.remoteCommandsBlocked = blocked;
  }

  /** A new engine run begins (start, config saved): the old engine's report no longer holds. */
  beginRun(): void {
    this.engine = null;
    this.lastUpdateAt = null;
    this.nextRetryAt = null;
    this.problems.clear();
    this.supervisor = { ...this.supervisor, phase: 'starting', failedReason: null, nextRestartAt: null };
  }

  status(): AppStatus {
    const { state, message } = this.stateWord();
    // The switch is the app's (it outlives engine runs); the engine follows it within a message.
    const engine = this.engine ? { ...this.engine, remoteCommandsBlocked: this.remoteCommandsBlocked } : null;
    const notRunning = this.setupNeeded || this.notRunningReason !== null;
    return {
      state,
      message,
      engine,
      supervisor: this.supervisor,
      lastUpdateAt: this.lastUpdateAt,
      setupNeeded: this.setupNeeded,
      configPath: this.configPath,
      configIssue: this.configIssue,
      nextRetryAt: state === 'reconnecting' && this.restarting === null ? this.nextRetryAt : null,
      problem: notRunning ? null : this.problems.current(this.engine),
      remoteCommandsBlocked: this.remoteCommandsBlocked,
      ...(this.service ? { service: this.service } : {}),
    };
  }

  private stateWord(): Pick<AppStatus, 'state' | 'message'> {
    const { phase, failedReason } = this.supervisor;
    if (this.setupNeeded) return { state: 'stopped', message: 'Not set up yet' };
    if (this.notRunningReason !== null) return { state: 'stopped', message: this.notRunningReason };
    if (phase === 'failed') return { state: 'failed', message: failedReason ?? 'The engine failed' };
    if (this.restarting !== null) return { state: 'reconnecting', message: this.restarting };
    if (phase === 'restarting') {
      return { state: 'reconnecting', message: this.service ? 'Restarting the rport service' : RESTARTING_TEXT };
    }
    if (phase === 'stopped' || phase === 'stopping') {
      return { state: 'stopped', message: this.engine?.message || 'Stopped' };
    }
    if (this.engine === null || this.engine.state === 'initialized') {
      return this.settled
        ? { state: 'reconnecting', message: CONNECTING_TEXT }
        : { state: 'initialized', message: 'Starting' };
    }
    return { state: this.engine.state, message: this.engine.message };
  }
}
