// What a user should be told about a watched service, from one view of it to the next: a restart and
// why, giving up, the service stopping or losing its connection, coming back, and anything that keeps
// the watchdog from judging it (with its fix). The desktop shows these as notifications; one home for
// their wording, so every front end tells the same story.
import type { ServiceWatchView } from '../../shared/types/service-watch-types';

export type ServiceNoticeKind =
  'service-restart' | 'service-failed' | 'service-stopped' | 'service-problem' | 'service-lost' | 'service-back';

export interface ServiceNotice {
  kind: ServiceNoticeKind;
  title: string;
  body: string;
  /** Notices with the same key are shown once (within the notifier's dedupe window). */
  key: string;
}

export function serviceNotices(prev: ServiceWatchView | null, next: ServiceWatchView): ServiceNotice[] {
  const name = `the ${next.serviceName} service`;
  const Name = `The ${next.serviceName} service`;
  const notices: ServiceNotice[] = [];
  const newest = next.restarts[next.restarts.length - 1];
  if (prev && next.restartCount > prev.restartCount && newest) {
    notices.push({
      kind: 'service-restart',
      title: newest.failed ? `Could not restart ${name}` : `${Name} was restarted`,
      body: sentence(newest.text),
      key: `service-restart:${newest.at}`,
    });
  }
  if (next.failedReason !== null && prev?.failedReason == null) {
    notices.push({
      kind: 'service-failed',
      title: `Gave up restarting ${name}`,
      body: sentence(`${next.failedReason}. Retry from the tray or the window`),
      key: `service-failed:${next.failedReason}`,
    });
  }
  if (next.health === 'stopped' && prev?.health !== 'stopped') {
    const what = next.failedReason === null ? 'RPort Tray restarts it' : 'RPort Tray has given up restarting it';
    notices.push({
      kind: 'service-stopped',
      title: `${Name} is not running`,
      body: sentence(`${next.runningDetail}; ${what}`),
      key: `service-stopped:${next.checkedAt ?? 0}`,
    });
  }
  const known = new Set(prev?.problems.map((p) => p.message) ?? []);
  const fresh = next.problems.find((p) => !known.has(p.message));
  if (fresh) {
    notices.push({
      kind: 'service-problem',
      title: next.health === 'unjudged' ? `Cannot judge ${name}` : `${Name} needs attention`,
      body: sentence(fresh.fix ? `${fresh.message}. Fix: ${fresh.fix}` : fresh.message),
      key: `service-problem:${fresh.message}`,
    });
  }
  if (prev && prev.lastState === 'connected' && next.lastState === 'reconnecting') {
    notices.push({
      kind: 'service-lost',
      title: `${Name} lost its connection`,
      body: sentence(next.lastMessage || 'Reconnecting'),
      key: `service-lost:${next.lastUpdateAt ?? 0}`,
    });
  }
  const wasDown =
    prev !== null && (prev.health === 'stale' || prev.health === 'stopped' || prev.health === 'restarting');
  const connectedNow = prev !== null && prev.lastState !== 'connected' && next.lastState === 'connected';
  if (next.health === 'healthy' && (wasDown || connectedNow)) {
    notices.push({
      kind: 'service-back',
      title: next.lastState === 'connected' ? `${Name} is connected` : `${Name} is running again`,
      body: sentence(next.lastMessage || next.healthText),
      key: `service-back:${next.lastUpdateAt ?? 0}`,
    });
  }
  return notices;
}

function sentence(text: string): string {
  const t = text.trim();
  const capital = t.charAt(0).toUpperCase() + t.slice(1);
  const full = /[.!?]$/.test(capital) ? capital : `${capital}.`;
  return full.length <= 200 ? full : `${full.slice(0, 199)}…`;
}
