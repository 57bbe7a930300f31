// The core's events reach the window (all of them), the tray (status, settings), the notifications
// (status, activity, watchdog restarts) and the theme; the first start is over once a config exists.
import type { NativeTheme } from 'electron';
import { EVENT_CHANNEL } from '../../shared/contract';
import type { Preferences } from '../../config/preferences';
import type { NotificationController } from '../notifications/notification-controller';
import { snapshotFromStatus } from '../tray/tray-state';
import type { WindowController } from '../window/window-controller';
import type { DesktopCore } from './desktop-types';
import type { DesktopTrayView } from './tray';

export interface CoreEventsDeps {
  core: Pick<DesktopCore, 'onEvent'>;
  windows: Pick<WindowController, 'send'>;
  tray: DesktopTrayView;
  notifications: NotificationController;
  preferences: Preferences;
  nativeTheme: Pick<NativeTheme, 'themeSource'>;
}

export function setupCoreEvents(deps: CoreEventsDeps): () => void {
  const { tray, notifications, preferences } = deps;
  // Once a config exists the first start is over: the login item is not added again on later starts
  // (the user may have removed it in the OS settings).
  let setupComplete = preferences.get().setupComplete;
  return deps.core.onEvent((message) => {
    deps.windows.send(EVENT_CHANNEL, message);
    const event = message.event;
    if (event.type === 'status') {
      if (!setupComplete && !event.status.setupNeeded) {
        setupComplete = true;
        preferences.update({ setupComplete: true });
      }
      const snapshot = snapshotFromStatus(event.status);
      tray.setSnapshot(snapshot);
      notifications.onSnapshot(snapshot);
      notifications.onService(event.status.service);
      notifications.onConfigIssue(event.status.configIssue);
    } else if (event.type === 'settings') {
      // Icon style and "Start at login" show in the tray; the theme also colours native dialogs and menus.
      tray.update();
      deps.nativeTheme.themeSource = event.settings.preferences.theme;
    } else if (event.type === 'activity') {
      notifications.onActivity(event.activity);
    } else if (event.type === 'timeline' && event.entry.kind === 'restart') {
      notifications.onRestart(event.entry);
    }
  });
}
