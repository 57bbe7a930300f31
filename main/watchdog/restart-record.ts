// Sentences for people about why the worker (or a watched rport service) was restarted (events, log,
// `rport-tray status`).

import type { RestartReason } from './supervisor-types';

/** `47 s`, `3.4 s`: how long, for people (whole seconds from 10 s on). */
export const seconds = (ms: number): string => {
  const s = ms / 1000;
  return `${s >= 10 ? Math.round(s) : Math.round(s * 10) / 10} s`;
};

export function describeRestartReason(reason: RestartReason): string {
  switch (reason.kind) {
    case 'stale': {
      return `no progress for ${seconds(reason.silentForMs)} while ${reason.state} (deadline ${seconds(reason.deadlineMs)})`;
    }
    case 'unresponsive':
      return (
        `worker unresponsive: no heartbeat for ${seconds(reason.silentForMs)} ` +
        `(deadline ${seconds(reason.deadlineMs)}; frozen, blocked or wedged)`
      );
    case 'exit': {
      const how =
        reason.signal !== null ? `was killed by signal ${reason.signal}` : `exited with code ${reason.code ?? '?'}`;
      return reason.message ? `worker ${how}: ${reason.message}` : `worker ${how}`;
    }
    case 'spawn-error':
      return `worker could not be started: ${reason.message}`;
    case 'requested':
      return reason.why ? `restart requested: ${reason.why}` : 'restart requested';
    case 'service-stale':
      return `state.json not updated for ${seconds(reason.silentForMs)} while ${reason.state} (deadline ${seconds(reason.deadlineMs)})`;
    case 'service-stopped':
      return `the service was not running (${reason.detail})`;
  }
}
