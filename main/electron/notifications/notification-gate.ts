// Decides whether a notice reaches the desktop: the preference, a focused window (the user is looking
// at the same facts), a dedupe window per key, and a short throttle after which a burst shows one notice
// per group (a flapping link should not stack a dozen toasts; see combineNotices for what that one says).

import { realTimers, type TimerApi } from '../tray/throttled-setter';
import { combineNotices, noticeGroup, type DesktopNotice } from './desktop-notices';

export type SuppressReason = 'preference' | 'window-focused' | 'duplicate' | 'superseded';

export interface NotificationGateOptions {
  show(notice: DesktopNotice): void;
  /** The user's preference for this kind of notice. */
  enabled(notice: DesktopNotice): boolean;
  windowFocused(): boolean;
  /** Called for every notice not shown, with why (for the log). */
  suppressed?(notice: DesktopNotice, reason: SuppressReason): void;
  throttleMs?: number;
  dedupeMs?: number;
  timers?: TimerApi;
}

export class NotificationGate {
  private readonly shownAt = new Map<string, number>();
  private lastShownAt = Number.NEGATIVE_INFINITY;
  /** Waiting for the throttle: one notice per group. */
  private readonly pending = new Map<string, DesktopNotice>();
  private timer: unknown = null;
  private readonly throttleMs: number;
  private readonly dedupeMs: number;
  private readonly timers: TimerApi;

  constructor(private readonly options: NotificationGateOptions) {
    this.throttleMs = options.throttleMs ?? 1_000;
    this.dedupeMs = options.dedupeMs ?? 60_000;
    this.timers = options.timers ?? realTimers;
  }

  offer(notice: DesktopNotice): void {
    const reason = this.blockReason(notice);
    if (reason) {
      this.options.suppressed?.(notice, reason);
      return;
    }
    const wait = this.lastShownAt + this.throttleMs - this.timers.now();
    if (wait <= 0 && this.timer === null) {
      this.showNow(notice);
      return;
    }
    const group = noticeGroup(notice);
    const earlier = this.pending.get(group);
    const next = earlier ? combineNotices(earlier, notice) : notice;
    if (earlier && next === notice) this.options.suppressed?.(earlier, 'superseded');
    this.pending.set(group, next);
    if (this.timer === null) this.timer = this.timers.setTimeout(() => this.flush(), Math.max(0, wait));
  }

  dispose(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }

  private flush(): void {
    this.timer = null;
    const notices = [...this.pending.values()];
    this.pending.clear();
    for (const notice of notices) {
      // Conditions may have changed while it waited (window focused, preference turned off).
      const reason = this.blockReason(notice);
      if (reason) this.options.suppressed?.(notice, reason);
      else this.showNow(notice);
    }
  }

  private blockReason(notice: DesktopNotice): SuppressReason | null {
    if (!this.options.enabled(notice)) return 'preference';
    if (this.options.windowFocused()) return 'window-focused';
    const at = this.shownAt.get(notice.key);
    if (at !== undefined && this.timers.now() - at < this.dedupeMs) return 'duplicate';
    return null;
  }

  private showNow(notice: DesktopNotice): void {
    const now = this.timers.now();
    this.lastShownAt = now;
    this.shownAt.set(notice.key, now);
    for (const [key, at] of this.shownAt) if (now - at >= this.dedupeMs) this.shownAt.delete(key);
    this.options.show(notice);
  }
}
