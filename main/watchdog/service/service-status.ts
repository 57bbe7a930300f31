// The engine-shaped status and the one-line health text the window, the tray and the log show for a
// watched service: what its state.json says, in the shape the app already shows for its own engine.
import type { EngineStatus, ProgressKind } from '../../shared/types/engine-types';
import type { ServiceRunState } from '../../shared/types/service-watch-types';
import { seconds } from '../restart-record';
import type { ServiceVerdict } from './service-judge';
import type { StateFileReading } from './state-file-reader';
import { parseStateMessage } from './state-messages';

export function serviceEngineStatus(
  run: { state: ServiceRunState; detail: string },
  reading: StateFileReading | null,
  connectedSince: number | null,
  unjudgedWhy: string | null,
): EngineStatus {
  const base: EngineStatus = {
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
  };
  if (run.state === 'stopped' || run.state === 'not-installed') {
    const message = `The rport service is not running (${run.detail})`;
    return { ...base, state: 'stopped', message, lastError: message };
  }
  if (reading?.kind !== 'ok') {
    return {
      ...base,
      message: unjudgedWhy ? `Cannot judge the rport service: ${unjudgedWhy}` : 'Waiting for the rport service',
    };
  }
  const parsed = parseStateMessage(reading.message);
  return {
    ...base,
    state: reading.state,
    message: reading.message,
    connectedSince: reading.state === 'connected' ? connectedSince : null,
    lastPingMs: parsed.kind === 'ping' ? parsed.rttMs : null,
    retryInMs: parsed.kind === 'retry' ? parsed.waitMs : null,
  };
}

export function progressKindOf(status: EngineStatus): ProgressKind {
  switch (status.state) {
    case 'connected':
      return status.lastPingMs !== null ? 'ping' : 'connected';
    case 'reconnecting':
      return 'retry';
    case 'stopped':
      return 'stopped';
    default:
      return 'started';
  }
}

export function healthText(verdict: ServiceVerdict): string {
  switch (verdict.health) {
    case 'healthy':
      return (
        `state.json updated ${seconds(verdict.silentForMs)} ago; stale after ${seconds(verdict.deadline.ms)} ` +
        `while ${verdict.state} (${verdict.deadline.basis})`
      );
    case 'stale':
      return (
        `state.json not updated for ${seconds(verdict.silentForMs)} while ${verdict.state} ` +
        `(deadline ${seconds(verdict.deadline.ms)}: ${verdict.deadline.basis})`
      );
    case 'stopped':
      return `the service is not running (${verdict.detail})`;
    case 'unjudged':
      return `cannot judge: ${verdict.why}`;
  }
}
