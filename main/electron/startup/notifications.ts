// Desktop notifications: connection changes, restarts, config problems and remote activity, each kind
// switchable in the preferences, quiet while the window has focus; a click opens the view it is about.
import type { Preferences } from '../../config/preferences';
import { DesktopNotifier } from '../notifications/desktop-notifier';
import { preferenceFor } from '../notifications/desktop-notices';
import { NotificationController } from '../notifications/notification-controller';
import { NotificationGate } from '../notifications/notification-gate';
import type { DesktopState } from './desktop-state';
import type { DesktopAppOptions, ElectronApis } from './desktop-types';

export function setupNotifications(
  Notification: ElectronApis['Notification'],
  options: Pick<DesktopAppOptions, 'platform' | 'appIconPath'>,
  preferences: Preferences,
  state: Pick<DesktopState, 'windows'>,
): NotificationController {
  return new NotificationController(
    new NotificationGate({
      show: new DesktopNotifier(
        { isSupported: () => Notification.isSupported(), create: (o) => new Notification(o) },
        {
          icon: options.platform === 'darwin' ? undefined : options.appIconPath,
          onClick: (notice) => state.windows?.show(notice.view),
        },
      ).show,
      enabled: (notice) => preferences.get().notifications[preferenceFor(notice.kind)],
      windowFocused: () => state.windows?.isFocused() ?? false,
    }),
  );
}
