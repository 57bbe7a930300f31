// Folds the supervisor's events into the one status the window and the tray show. The state word comes
// from the engine, except where the supervisor knows better: a worker being restarted is not
// "connected", and a spent restart budget is "failed".
import type { AppStatus, ConfigIssue, SupervisorView } from '../../shared/contract';
import type { EngineStatus } from '../../shared/types/engine-types';
import type { SupervisorStatus } from '../../watchdog/supervisor-types';
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
  /** The watched rport service, in service mode (issue 17). */
  private service: ServiceWatchView | null = null;

  constructor(private readonly configPath: string) {}

  onEngineProgress(status: EngineStatus, at: number): void {
    this.engine = status;
    this.lastUpdateAt = at;
  }

  onSupervisorStatus(status: SupervisorStatus): void {
    this.supervisor = {
      ...this.supervisor,
      phase: status.phase,
      failedReason: status.failedReason,
      nextRestartAt: status.nextRestartAt,
    };
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
  }

  /** A new engine run begins (start, config saved): the old engine's report no longer holds. */
  beginRun(): void {
    this.engine = null;
    this.lastUpdateAt = null;
    this.supervisor = { ...this.supervisor, phase: 'starting', failedReason: null, nextRestartAt: null };
  }

  status(): AppStatus {
    const { state, message } = this.stateWord();
    return {
      state,
      message,
      engine: this.engine,
      supervisor: this.supervisor,
      lastUpdateAt: this.lastUpdateAt,
      setupNeeded: this.setupNeeded,
      configPath: this.configPath,
      configIssue: this.configIssue,
      ...(this.service ? { service: this.service } : {}),
    };
  }

  private stateWord(): Pick<AppStatus, 'state' | 'message'> {
    const { phase, failedReason } = this.supervisor;
    if (this.setupNeeded) return { state: 'stopped', message: 'Not set up yet' };
    if (this.notRunningReason !== null) return { state: 'stopped', message: this.notRunningReason };
    if (phase === 'failed') return { state: 'failed', message: failedReason ?? 'The engine failed' };
    if (phase === 'restarting') {
      return {
        state: 'reconnecting',
        message: this.service ? 'Restarting the rport service' : 'Restarting the engine',
      };
    }
    if (phase === 'stopped' || phase === 'stopping') {
      return { state: 'stopped', message: this.engine?.message || 'Stopped' };
    }
    if (this.engine === null) return { state: 'initialized', message: 'Starting' };
    return { state: this.engine.state, message: this.engine.message };
  }
}
