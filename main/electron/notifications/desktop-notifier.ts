// Shows a notice as an OS notification (Windows toasts need the AppUserModelId set at start-up).
// Electron holds only a weak reference to a main-process Notification: once the JS object is garbage
// collected its `click` is never delivered (electron#16922, #12690), so each one is kept here until it is
// clicked or closed, the oldest let go beyond a small bound (one left in the notification centre for days
// must not pin memory for ever).

import type { NotificationConstructorOptions } from 'electron';
import type { DesktopNotice } from './desktop-notices';

export interface NotificationLike {
  show(): void;
  on(event: 'click' | 'close', listener: () => void): unknown;
}

export interface NotificationApi {
  isSupported(): boolean;
  create(options: NotificationConstructorOptions): NotificationLike;
}

/** Notifications kept alive for their click at most; a user rarely has more than a few unread. */
export const MAX_RETAINED_NOTIFICATIONS = 20;

export class DesktopNotifier {
  private readonly live = new Set<NotificationLike>();

  constructor(
    private readonly api: NotificationApi,
    private readonly options: { icon?: string; onClick(notice: DesktopNotice): void },
  ) {}

  /** How many shown notifications are still held for their click. */
  get retained(): number {
    return this.live.size;
  }

  readonly show = (notice: DesktopNotice): void => {
    if (!this.api.isSupported()) return;
    const notification = this.api.create({
      title: notice.title,
      body: notice.body,
      silent: notice.kind !== 'failed',
      ...(this.options.icon ? { icon: this.options.icon } : {}),
    });
    const release = () => this.live.delete(notification);
    // A click opens the window on the view with the details.
    notification.on('click', () => {
      release();
      this.options.onClick(notice);
    });
    notification.on('close', release);
    this.live.add(notification);
    if (this.live.size > MAX_RETAINED_NOTIFICATIONS) {
      const oldest = this.live.values().next().value;
      if (oldest !== undefined) this.live.delete(oldest);
    }
    notification.show();
  };
}
