// What deserves a desktop notification: state transitions, watchdog restarts and remote activity, each
// turned into a notice with a dedupe key. Pure: deciding whether to actually show it is NotificationGate's job.

import type { ConfigIssue, TimelineEntry } from '../../shared/contract';
import type { RemoteActivity } from '../../shared/types/engine-types';
import { roleLabel, serverLabel, stateLine, trayStateOf, type DesktopSnapshot } from '../tray/tray-state';

export type NoticeKind =
  | 'connected'
  | 'lost'
  | 'failover'
  | 'switchback'
  | 'watchdog-restart'
  | 'failed'
  | 'remote-command'
  | 'remote-upload'
  | 'config-problem'
  /** Service mode (issue 17): about the watched rport service (watchdog/service/service-notices.ts). */
  | 'service';

export interface DesktopNotice {
  kind: NoticeKind;
  title: string;
  body: string;
  /** Notices with the same key inside the dedupe window are shown once. */
  key: string;
  /** The window view a click opens (its URL fragment); the status view when absent. */
  view?: string;
  /** How many remote actions a combined notice stands for (see combineNotices). */
  count?: number;
}

export function noticesForTransition(prev: DesktopSnapshot, next: DesktopSnapshot): DesktopNotice[] {
  const before = trayStateOf(prev);
  const after = trayStateOf(next);
  const server = next.engine?.server ?? null;
  const where = server ? `${serverLabel(server)} (${roleLabel(server)})` : 'the server';
  const prevIndex = prev.engine?.server?.index ?? null;

  if (after === 'connected-primary' && before === 'connected-fallback') {
    return [
      { kind: 'switchback', title: 'Back on the primary server', body: `Connected to ${where}.`, key: 'switchback' },
    ];
  }
  if (after === 'connected-primary' && before !== 'connected-primary') {
    return [{ kind: 'connected', title: 'Connected', body: `Connected to ${where}.`, key: 'connected' }];
  }
  if (after === 'connected-fallback' && (before !== 'connected-fallback' || prevIndex !== server?.index)) {
    return [
      {
        kind: 'failover',
        title: 'Connected to a fallback server',
        body: `The primary server is unreachable; connected to ${where}.`,
        key: `failover:${server?.index ?? '?'}`,
      },
    ];
  }
  if (after === 'reconnecting' && (before === 'connected-primary' || before === 'connected-fallback')) {
    const reason = next.engine?.lastError ? ` ${next.engine.lastError}` : '';
    return [{ kind: 'lost', title: 'Connection lost', body: `Reconnecting…${reason}`, key: 'lost' }];
  }
  if (after === 'failed' && before !== 'failed') {
    return [{ kind: 'failed', title: 'RPort Tray stopped working', body: stateLine(next), key: 'failed' }];
  }
  return [];
}

/** A watchdog restart, from the app core's `restart` timeline entry (it says what happened and why). */
export function noticeForRestart(entry: Pick<TimelineEntry, 'at' | 'text'>): DesktopNotice {
  return {
    kind: 'watchdog-restart',
    title: 'Engine restarted',
    body: truncate(/[.!?]$/.test(entry.text) ? entry.text : `${entry.text}.`, 180),
    key: `restart:${entry.at}`,
  };
}

/** One notice per remote activity id, on the first report of it (later reports update its outcome). */
export function noticeForActivity(activity: RemoteActivity): DesktopNotice {
  const upload = activity.kind === 'upload';
  const refused = activity.outcome === 'refused';
  const what = upload ? 'file upload' : activity.kind === 'script' ? 'remote script' : 'remote command';
  const title = refused ? `Refused a ${what}` : upload ? 'The server sent a file' : `The server ran a ${what}`;
  return {
    kind: upload ? 'remote-upload' : 'remote-command',
    title,
    body: truncate(activity.summary, 180),
    key: `activity:${activity.id}`,
    view: 'activity',
  };
}

/**
 * Notices of one group stand in for each other in a burst (NotificationGate shows one per group and
 * throttle interval); different groups never do: a connection change must not swallow the news that the
 * server ran a command, nor the other way round.
 */
export function noticeGroup(notice: DesktopNotice): string {
  return preferenceFor(notice.kind);
}

/**
 * What one notice shows for two of the same group in a burst. Connection and config notices: the latest,
 * which says how things are now. Remote actions: each one counts (issue 8's transparency), so a burst
 * becomes one notice with the number and the latest, opening the Activity view that lists them all.
 */
export function combineNotices(earlier: DesktopNotice, later: DesktopNotice): DesktopNotice {
  // `earlier` may already be a combined notice; `later` is always a single one (NotificationGate.offer).
  if (noticeGroup(later) !== 'remoteActivity') return later;
  const count = (earlier.count ?? 1) + 1;
  return {
    kind: later.kind,
    title: `The server asked for ${count} remote actions`,
    body: truncate(`Latest: ${later.title}: ${later.body}`, 180),
    key: `activity-burst:${later.key}`,
    view: 'activity',
    count,
  };
}

/** The config on disk was changed and does not validate: the engine keeps its last good config. */
export function noticeForConfigIssue(issue: ConfigIssue): DesktopNotice {
  const more = issue.errorCount > 1 ? ` (and ${issue.errorCount - 1} more)` : '';
  return {
    kind: 'config-problem',
    title: 'rport.conf has errors',
    body: truncate(`${issue.message}${more}. The last good config keeps running.`, 200),
    key: `config:${issue.at}`,
    view: 'config',
  };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Which preference switch (preferences.notifications) covers a notice. */
export function preferenceFor(kind: NoticeKind): 'connection' | 'remoteActivity' | 'configProblems' {
  if (kind === 'config-problem') return 'configProblems';
  return kind === 'remote-command' || kind === 'remote-upload' ? 'remoteActivity' : 'connection';
}
