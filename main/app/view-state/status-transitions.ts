// What changed between two statuses, as timeline entries: state changes, failover and switchback.
// The tray's notifications are driven by the same entries, so the window and the tray tell one story.
import type { AppStatus, TimelineEntry } from '../../shared/contract';

export interface TransitionEntry {
  kind: TimelineEntry['kind'];
  state: AppStatus['state'] | null;
  text: string;
}

export function describeTransition(previous: AppStatus, next: AppStatus): TransitionEntry[] {
  const entries: TransitionEntry[] = [];
  const prevServer = previous.engine?.server ?? null;
  const nextServer = next.engine?.server ?? null;
  const serverChanged =
    next.state === 'connected' && previous.state === 'connected' && prevServer?.index !== nextServer?.index;

  if (previous.state !== next.state) {
    entries.push({ kind: next.state === 'failed' ? 'failed' : 'state', state: next.state, text: stateText(next) });
  }
  if (serverChanged && nextServer) {
    entries.push({
      kind: 'server',
      state: null,
      text:
        nextServer.role === 'primary'
          ? `Switched back to the primary ${nextServer.url}`
          : `Failed over to fallback ${nextServer.url}`,
    });
  }
  return entries;
}

function stateText(status: AppStatus): string {
  const server = status.engine?.server ?? null;
  switch (status.state) {
    case 'connected':
      return server ? `Connected to ${server.url} (${server.role})` : 'Connected';
    case 'reconnecting':
      return status.message ? `Reconnecting: ${status.message}` : 'Reconnecting';
    case 'paused':
      return 'Paused';
    case 'stopped':
      return status.message && status.message !== 'Stopped' ? `Stopped: ${status.message}` : 'Stopped';
    case 'failed':
      return `Failed: ${status.message}`;
    case 'initialized':
      return 'Starting';
  }
}
