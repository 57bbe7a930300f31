// What the supervisor (main process side) reports about the engine worker it runs and restarts.

import type { EngineEvent, EngineStateName } from '../engine/engine-types';

export type RestartReason =
  | { kind: 'stale'; state: EngineStateName; silentForMs: number; deadlineMs: number }
  | { kind: 'exit'; code: number | null; signal: string | null }
  | { kind: 'spawn-error'; message: string }
  | { kind: 'requested' };

export interface RestartRecord {
  at: number;
  reason: RestartReason;
  /** A sentence for people, e.g. `no progress for 47 s while connected (deadline 45 s)`. */
  text: string;
  /** Restarts counted in the current budget window, this one included. */
  count: number;
}

export type SupervisorPhase = 'starting' | 'running' | 'restarting' | 'failed' | 'stopping' | 'stopped';

export interface SupervisorStatus {
  phase: SupervisorPhase;
  workerPid: number | null;
  /** Set when phase is `failed`: why the restart budget was spent. */
  failedReason: string | null;
  restarts: RestartRecord[];
  /** While phase is `restarting`: epoch ms when the next worker starts. */
  nextRestartAt: number | null;
}

export type SupervisorEvent =
  | { type: 'engine'; event: EngineEvent }
  | { type: 'supervisor'; status: SupervisorStatus }
  | { type: 'restart'; record: RestartRecord };
