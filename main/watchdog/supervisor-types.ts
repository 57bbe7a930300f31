// What the supervisor (main process side) reports about the engine worker it runs and restarts, and the
// API the Electron layer and the app core drive it through.

import type { RportConfig } from '../shared/types/config-types';
import type {
  EngineEvent,
  EngineStartOptions,
  EngineStatus,
  EngineStateName,
  EngineTestFault,
  LogLine,
} from '../shared/types/engine-types';
import type { ServiceStateName, ServiceWatchView } from '../shared/types/service-watch-types';

export type RestartReason =
  /** `state` is `starting` when the worker never reported at all. */
  | { kind: 'stale'; state: EngineStateName | 'starting'; silentForMs: number; deadlineMs: number }
  /** The worker process sent nothing, not even its heartbeat: frozen, blocked or wedged (liveness). */
  | { kind: 'unresponsive'; silentForMs: number; deadlineMs: number }
  /** `message`: the worker's last `fatal` report before it died, if any. */
  | { kind: 'exit'; code: number | null; signal: string | null; message?: string }
  | { kind: 'spawn-error'; message: string }
  /** `why`: what made the user or the app ask (e.g. the service's effective config changed). */
  | { kind: 'requested'; why?: string }
  /** An installed rport service (main/watchdog/service/): its state.json went stale. */
  | { kind: 'service-stale'; state: ServiceStateName; silentForMs: number; deadlineMs: number }
  /** An installed rport service that its OS service manager reports as not running. */
  | { kind: 'service-stopped'; detail: string };

export interface RestartRecord {
  at: number;
  reason: RestartReason;
  /** A sentence for people, e.g. `no progress for 47 s while connected (deadline 45 s)`. */
  text: string;
  /** Restarts counted in the current budget window, this one included (requested restarts do not count). */
  count: number;
}

export type SupervisorPhase = 'starting' | 'running' | 'restarting' | 'failed' | 'stopping' | 'stopped';

export interface SupervisorStatus {
  phase: SupervisorPhase;
  workerPid: number | null;
  /** Set when phase is `failed`: why the restart budget was spent. */
  failedReason: string | null;
  /** The newest restart records, oldest first (bounded; `restartCount` has the total). */
  restarts: RestartRecord[];
  /** While phase is `restarting`: epoch ms when the next worker starts. */
  nextRestartAt: number | null;
  // The fields below were added with the supervisor; optional so that fixtures written before them still
  // type-check. The supervisor always sets them.
  /** The engine's status from its last progress event; null before the first one. */
  engine?: EngineStatus | null;
  /** Epoch ms of the engine's last progress event (heartbeat). */
  lastProgressAt?: number | null;
  /** The silence allowed in the state last reported, ms; null when that state is not watched. */
  deadlineMs?: number | null;
  /** Epoch ms until which a resume or clock-jump grace holds off the staleness verdict. */
  graceUntil?: number | null;
  /** Restarts since the supervisor was created. */
  restartCount?: number;
  /** Set by the watcher of an installed rport service (the app's service mode) instead of an engine. */
  service?: ServiceWatchView;
}

export type SupervisorEvent =
  | { type: 'engine'; event: EngineEvent }
  | { type: 'supervisor'; status: SupervisorStatus }
  | { type: 'restart'; record: RestartRecord }
  /** The supervisor's own log lines (source `watchdog`) and the worker's stray output (source `worker`). */
  | { type: 'log'; line: LogLine };

/** What `start` needs: the engine's start options; the supervisor makes the session ID if none is given. */
export type SupervisorStartInput = Omit<EngineStartOptions, 'sessionId'> & { sessionId?: string };

/** The supervisor as the Electron layer, the app core and `rport-tray run` drive it. */
export interface Supervisor {
  /** Spawns the worker and starts the engine. Throws if already started (use `restart` to apply a new config). */
  start(input: SupervisorStartInput): void;
  /** Asks the worker to stop, SIGKILLs it after the grace; resolves when it is gone. Phase `stopped`. */
  stop(): Promise<void>;
  /** The user's pause: the engine disconnects and stays idle (not watched); kept across restarts. */
  pause(): void;
  resume(): void;
  /** Connect to this server now (index into [server, ...fallback_servers]). */
  switchServer(index: number): void;
  setRemoteCommandsBlocked(blocked: boolean): void;
  /**
   * A config change that needs no new connection: sent to the running worker and kept for later workers.
   * Optional so that supervisors without it (test doubles) still fit; callers restart instead.
   */
  updateConfig?(config: RportConfig): void;
  /** A restart the user or the app asked for (not counted in the budget), optionally with new start options. */
  restart(update?: Partial<SupervisorStartInput>): void;
  /** After `failed` (budget spent) or `stopped`: start again with a fresh budget. */
  retry(): void;
  /** The machine resumed from sleep (Electron powerMonitor `resume`): grace before judging staleness. */
  onSystemResume(): void;
  status(): SupervisorStatus;
  /** Subscribes to events; returns the unsubscribe function. */
  on(listener: (event: SupervisorEvent) => void): () => void;
  /** Tests only: forwarded to the worker, which honours it only with RPORT_TRAY_TEST_FAULTS=1. */
  injectTestFault(fault: EngineTestFault): void;
  /** Stops timers and listeners after `stop` (tests, app quit). */
  dispose(): void;
}
