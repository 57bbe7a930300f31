// Shows a notice as an OS notification (Windows toasts need the AppUserModelId set at start-up).

import type { NotificationConstructorOptions } from 'electron';
import type { DesktopNotice } from './desktop-notices';

export interface NotificationApi {
  isSupported(): boolean;
  create(options: NotificationConstructorOptions): { show(): void; on(event: 'click', listener: () => void): unknown };
}

export function createDesktopNotifier(
  api: NotificationApi,
  options: { icon?: string; onClick(notice: DesktopNotice): void },
): (notice: DesktopNotice) => void {
  return (notice) => {
    if (!api.isSupported()) return;
    const notification = api.create({
      title: notice.title,
      body: notice.body,
      silent: notice.kind !== 'failed',
      ...(options.icon ? { icon: options.icon } : {}),
    });
    // A click opens the window on the view with the details.
    notification.on('click', () => options.onClick(notice));
    notification.show();
  };
}
