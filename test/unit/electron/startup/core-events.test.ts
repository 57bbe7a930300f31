// The core's events: every one to the window; status to the tray and the notifications (and the first
// start marked done once a config exists); settings to the tray and the theme.
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { EVENT_CHANNEL } from '../../../../main/shared/contract';
import { Preferences } from '../../../../main/config/preferences';
import { setupCoreEvents } from '../../../../main/electron/startup/core-events';
import { fakeCore } from '../desktop-fakes';

describe('setupCoreEvents', () => {
  it('forwards events and marks the first start done once', () => {
    const { core, emit } = fakeCore({ setupNeeded: true });
    const windows = { send: vi.fn() };
    const tray = { setSnapshot: vi.fn(), update: vi.fn(), dispose: vi.fn() };
    const notifications = {
      onSnapshot: vi.fn(),
      onConfigIssue: vi.fn(),
      onActivity: vi.fn(),
      onRestart: vi.fn(),
      onService: vi.fn(),
    };
    const preferences = new Preferences({ store: {} });
    const update = vi.spyOn(preferences, 'update');
    const nativeTheme = { themeSource: 'system' as 'system' | 'light' | 'dark' };
    setupCoreEvents({ core, windows, tray, notifications: notifications as never, preferences, nativeTheme });

    const status = { ...core.status(), setupNeeded: false };
    emit({ type: 'status', status });
    emit({ type: 'status', status });
    expect(windows.send).toHaveBeenCalledWith(EVENT_CHANNEL, expect.objectContaining({ seq: 1 }));
    expect(tray.setSnapshot).toHaveBeenCalledTimes(2);
    expect(notifications.onConfigIssue).toHaveBeenCalledWith(null);
    // Service mode's view (issue 17) goes to the notifications with every status; none here.
    expect(notifications.onService).toHaveBeenCalledWith(undefined);
    expect(preferences.get().setupComplete).toBe(true);
    expect(update).toHaveBeenCalledTimes(1);

    emit({ type: 'settings', settings: { preferences: { theme: 'light' } } as never });
    expect(tray.update).toHaveBeenCalled();
    expect(nativeTheme.themeSource).toBe('light');
    emit({ type: 'timeline', entry: { id: 1, at: 1, kind: 'restart', state: null, text: 'restarted' } });
    expect(notifications.onRestart).toHaveBeenCalledTimes(1);
  });
});
