// What the window says about the state: the line beside the state word (with the live countdown to the
// next attempt), what a screen reader is told when the state changes (no countdown: it would be
// re-announced every second), and the words for a problem the user must fix.
import type { AppStatus, ConfigFieldKey, ConnectionProblem } from '../../../main/shared/contract';
import { formatCountdown, roundDurationsInText } from '../format';

/** Each problem's words, and the config form field that fixes it (its "Fix" button opens the form there). */
export const PROBLEM_LABELS: Record<
  ConnectionProblem['kind'],
  { title: string; help: string; fix: string; field: ConfigFieldKey }
> = {
  auth: {
    title: 'Authentication failed',
    help: 'The server refused the client auth ID or password. Fix them in the config; until then the client keeps retrying as the config says.',
    fix: 'Fix the password',
    field: 'auth.password',
  },
  fingerprint: {
    title: 'Wrong server fingerprint',
    help: "The server's key does not match the fingerprint in the config: either the server was reinstalled, or this is not your server. Check it with the server's administrator before you change the fingerprint; until then the client keeps retrying as the config says.",
    fix: 'Check the fingerprint',
    field: 'client.fingerprint',
  },
};

/** The line beside the state word, for people; changes every second while counting down. */
export function statusLine(status: AppStatus, now: number): string {
  if (status.state === 'reconnecting' && status.nextRetryAt) {
    const left = formatCountdown(status.nextRetryAt, now);
    return left ? `Next try in ${left}` : 'Trying now…';
  }
  // The engine's own reconnecting (not a restart's): its wait is over and it is dialling.
  const engine = status.engine;
  if (status.state === 'reconnecting' && engine?.message === status.message && engine.retryInMs === null) {
    return 'Trying now…';
  }
  return roundDurationsInText(status.message) || status.state;
}

/**
 * What the header's live region says: the state word, the problem, and for the states that stay a while
 * their reason. It changes only when one of those does, never with a countdown.
 */
export function statusAnnouncement(status: AppStatus): string {
  const parts: string[] = [status.state];
  if (status.problem) parts.push(PROBLEM_LABELS[status.problem.kind].title);
  if (status.state === 'connected' && status.engine?.server) parts.push(`to ${status.engine.server.url}`);
  else if (status.state !== 'reconnecting' && status.message) parts.push(roundDurationsInText(status.message));
  return parts.join(': ');
}
