// The settings step: the window's settings over the preferences and the login item, and the stored theme
// applied to native dialogs and menus.
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { Preferences } from '../../../../main/config/preferences';
import { setupSettings } from '../../../../main/electron/startup/settings';

describe('setupSettings', () => {
  it('applies the stored theme and reports what this platform can do', async () => {
    const preferences = new Preferences({ store: {} });
    preferences.update({ theme: 'dark' });
    const nativeTheme = { themeSource: 'system' as 'system' | 'light' | 'dark' };
    const autoStart = { isEnabled: vi.fn(async () => true), setEnabled: vi.fn(async () => {}) };
    const settings = await setupSettings({
      preferences,
      startAtLogin: { autoStart, available: true },
      platform: 'darwin',
      notificationsSupported: false,
      nativeTheme,
    });
    expect(nativeTheme.themeSource).toBe('dark');
    expect(settings.loginItemEnabled).toBe(true);
    expect(settings.capabilities()).toMatchObject({
      autoStart: { available: true },
      notifications: { available: false },
      trayIcon: { available: false },
    });
  });
});
