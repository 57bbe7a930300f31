// What changed between two statuses, as timeline entries: state changes, failover and switchback, and a
// problem the user must fix (credentials, fingerprint) appearing. The tray's notifications are driven by
// the same entries, so the window and the tray tell one story. Durations read as people say them.
import type { AppStatus, TimelineEntry } from '../../shared/contract';
// The module itself, not the barrel: the barrel brings the contract's schemas (zod) along (README "Memory").
import { formatElapsed, roundDurationsInText } from '../../shared/contract/people-durations';

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

  const problem = next.problem ?? null;
  const newProblem =
    problem !== null &&
    (problem.kind !== previous.problem?.kind || problem.serverIndex !== previous.problem.serverIndex);
  if (previous.state !== next.state) {
    // A problem that comes with the state change is its reason: one entry.
    const text =
      newProblem && next.state === 'reconnecting' ? `Reconnecting: ${problemText(problem)}` : stateText(next);
    entries.push({ kind: next.state === 'failed' ? 'failed' : 'state', state: next.state, text });
  } else if (newProblem) {
    entries.push({ kind: 'state', state: next.state, text: `${problemText(problem)}; still retrying` });
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
    case 'reconnecting': {
      const engine = status.engine;
      if (status.nextRetryAt && engine?.retryInMs) {
        const why = engine.lastError ? `${roundDurationsInText(engine.lastError)}; ` : '';
        return `Reconnecting: ${why}next try in ${formatElapsed(engine.retryInMs)}`;
      }
      return status.message ? `Reconnecting: ${roundDurationsInText(status.message)}` : 'Reconnecting';
    }
    case 'paused':
      return 'Paused';
    case 'stopped':
      return status.message && status.message !== 'Stopped'
        ? `Stopped: ${roundDurationsInText(status.message)}`
        : 'Stopped';
    case 'failed':
      return `Failed: ${roundDurationsInText(status.message)}`;
    case 'initialized':
      return 'Starting';
  }
}

function problemText(problem: NonNullable<AppStatus['problem']>): string {
  return problem.kind === 'auth'
    ? `Authentication failed at ${problem.serverUrl}: check the client auth ID and password`
    : `Wrong server fingerprint at ${problem.serverUrl}: ${problem.message}`;
}
