// Engine and supervisor snapshots for each tray state, shared by the tray and notification tests.
import type { EngineStatus, ServerStatus } from '../../../main/shared/types/engine-types';
import type { SupervisorPhase, SupervisorStatus } from '../../../main/watchdog/supervisor-types';
import type { DesktopSnapshot, TrayState } from '../../../main/electron/tray/tray-state';

export const SERVERS: ServerStatus[] = [
  {
    index: 0,
    url: 'http://rport.example.com:8080',
    role: 'primary',
    lastResult: 'ok',
    lastError: null,
    lastTriedAt: 1,
    lastLatencyMs: 20,
  },
  {
    index: 1,
    url: 'https://backup.example.net',
    role: 'fallback',
    lastResult: null,
    lastError: null,
    lastTriedAt: null,
    lastLatencyMs: null,
  },
  {
    index: 2,
    url: 'http://third.example.org:8080',
    role: 'fallback',
    lastResult: null,
    lastError: null,
    lastTriedAt: null,
    lastLatencyMs: null,
  },
];

export function engineStatus(over: Partial<EngineStatus> = {}): EngineStatus {
  return {
    state: 'initialized',
    message: '',
    server: null,
    servers: SERVERS,
    connectedSince: null,
    lastPingMs: null,
    retryInMs: null,
    attempt: 0,
    switchbackAt: null,
    lastError: null,
    remoteCommandsBlocked: false,
    ...over,
  };
}

export function supervisorStatus(phase: SupervisorPhase, failedReason: string | null = null): SupervisorStatus {
  return { phase, workerPid: phase === 'running' ? 1234 : null, failedReason, restarts: [], nextRestartAt: null };
}

const ref = (i: number) => {
  const { index, url, role } = SERVERS[i]!;
  return { index, url, role };
};

export function snapshotFor(state: TrayState, over: Partial<EngineStatus> = {}): DesktopSnapshot {
  const running = supervisorStatus('running');
  switch (state) {
    case 'starting':
      return { engine: null, supervisor: supervisorStatus('starting') };
    case 'connected-primary':
      return {
        engine: engineStatus({ state: 'connected', server: ref(0), connectedSince: 1000, lastPingMs: 42, ...over }),
        supervisor: running,
      };
    case 'connected-fallback':
      return {
        engine: engineStatus({ state: 'connected', server: ref(1), connectedSince: 1000, lastPingMs: 80, ...over }),
        supervisor: running,
      };
    case 'reconnecting':
      return {
        engine: engineStatus({ state: 'reconnecting', retryInMs: 5000, lastError: 'dial tcp: refused', ...over }),
        supervisor: running,
      };
    case 'paused':
      return { engine: engineStatus({ state: 'paused', ...over }), supervisor: running };
    case 'failed':
      return {
        engine: engineStatus({ state: 'reconnecting', ...over }),
        supervisor: supervisorStatus('failed', 'crashed 5 times in 60 s'),
      };
  }
}
