// Feeds the gate: compares each snapshot with the previous one, and announces each remote activity once.

import type { ConfigIssue, TimelineEntry } from '../../shared/contract';
import type { ServiceWatchView } from '../../shared/types/service-watch-types';
import { serviceNotices } from '../../watchdog/service/service-notices';
import type { RemoteActivity } from '../../shared/types/engine-types';
import type { DesktopSnapshot } from '../tray/tray-state';
import {
  noticeForActivity,
  noticeForConfigIssue,
  noticeForRestart,
  noticesForTransition,
  type DesktopNotice,
} from './desktop-notices';

/** Remembered activity ids; old ones fall off so a long session does not grow without bound. */
const SEEN_ACTIVITY_LIMIT = 500;

export class NotificationController {
  private previous: DesktopSnapshot = { engine: null, supervisor: null };
  private readonly seenActivities = new Set<string>();
  private lastConfigIssueAt: number | null = null;
  /** Service mode (issue 17): the watched service's last view; its notices replace the engine's. */
  private service: ServiceWatchView | null = null;

  constructor(private readonly gate: { offer(notice: DesktopNotice): void }) {}

  onSnapshot(next: DesktopSnapshot): void {
    if (next.service) {
      this.previous = next;
      return;
    }
    const notices = noticesForTransition(this.previous, next);
    this.previous = next;
    for (const notice of notices) this.gate.offer(notice);
  }

  /** From every status: a new issue (a later broken edit) is announced once; its clearing is not. */
  onConfigIssue(issue: ConfigIssue | null): void {
    if (issue === null || issue.at === this.lastConfigIssueAt) return;
    this.lastConfigIssueAt = issue.at;
    this.gate.offer(noticeForConfigIssue(issue));
  }

  /** A watchdog restart's timeline entry. */
  onRestart(entry: Pick<TimelineEntry, 'at' | 'text'>): void {
    if (this.service) return;
    this.gate.offer(noticeForRestart(entry));
  }

  /** The watched service's view from every status (service mode): what changed, told once. */
  onService(view: ServiceWatchView | undefined): void {
    if (!view) return;
    const notices = serviceNotices(this.service, view);
    this.service = view;
    for (const n of notices) this.gate.offer({ kind: 'service', title: n.title, body: n.body, key: n.key });
  }

  onActivity(activity: RemoteActivity): void {
    if (this.seenActivities.has(activity.id)) return;
    this.seenActivities.add(activity.id);
    if (this.seenActivities.size > SEEN_ACTIVITY_LIMIT) {
      const oldest = this.seenActivities.values().next().value;
      if (oldest !== undefined) this.seenActivities.delete(oldest);
    }
    this.gate.offer(noticeForActivity(activity));
  }
}
