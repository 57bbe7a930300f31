// The desktop settings port: start at login goes through the login item and shows what the OS reports,
// a development run on Linux cannot offer it (with the reason), the macOS menu bar has no icon style,
// and every other preference lands in the store.
import { describe, expect, it, vi } from 'vitest';
import { DesktopSettings, AUTOSTART_DEV_REASON } from '../../../main/electron/settings/desktop-settings';
import { Preferences, DEFAULT_PREFERENCES } from '../../../main/config/preferences';
import type { AutoStart } from '../../../main/electron/autostart/auto-start';

function fakeAutoStart(initial: boolean, opts: { failWith?: string } = {}) {
  let enabled = initial;
  const autoStart: AutoStart & { setEnabled: ReturnType<typeof vi.fn> } = {
    isEnabled: async () => enabled,
    setEnabled: vi.fn(async (on: boolean) => {
      if (opts.failWith) throw new Error(opts.failWith);
      enabled = on;
    }),
  };
  return { autoStart, set: (on: boolean) => (enabled = on) };
}

const open = (
  over: Partial<Parameters<typeof DesktopSettings.open>[0]> = {},
  store = { store: { ...DEFAULT_PREFERENCES } as Record<string, unknown> },
) =>
  DesktopSettings.open({
    preferences: new Preferences(store),
    autoStart: fakeAutoStart(false).autoStart,
    platform: 'linux',
    autoStartAvailable: true,
    notificationsSupported: true,
    ...over,
  });

describe('DesktopSettings', () => {
  it('applies start at login through the login item and reports what the OS has', async () => {
    const login = fakeAutoStart(false);
    const store = { store: { ...DEFAULT_PREFERENCES } as Record<string, unknown> };
    const settings = await open({ autoStart: login.autoStart }, store);
    // The stored wish says on, the OS says off: the OS wins.
    expect(settings.preferences().autoStart).toBe(false);
    const after = await settings.update({ autoStart: true });
    expect(login.autoStart.setEnabled).toHaveBeenCalledWith(true);
    expect(after.autoStart).toBe(true);
    expect(settings.loginItemEnabled).toBe(true);
    expect(store.store.autoStart).toBe(true);
    // Removed behind the app's back (OS settings): a fresh start shows it off.
    login.set(false);
    expect((await open({ autoStart: login.autoStart }, store)).preferences().autoStart).toBe(false);
  });

  it('shows the login item as it is when changing it failed', async () => {
    const login = fakeAutoStart(true, { failWith: 'permission denied' });
    const settings = await open({ autoStart: login.autoStart });
    await expect(settings.update({ autoStart: false })).rejects.toThrow('permission denied');
    expect(settings.preferences().autoStart).toBe(true);
  });

  it('stores the other preferences, merging notification kinds', async () => {
    const store = { store: { ...DEFAULT_PREFERENCES } as Record<string, unknown> };
    const settings = await open({}, store);
    await settings.update({ iconStyle: 'monochrome', theme: 'light', notifications: { remoteActivity: false } });
    expect(settings.preferences()).toMatchObject({
      iconStyle: 'monochrome',
      theme: 'light',
      notifications: { connection: true, remoteActivity: false, configProblems: true },
    });
    expect(store.store).toMatchObject({ iconStyle: 'monochrome', theme: 'light' });
  });

  it('says why start at login, notifications or the icon style are not offered', async () => {
    const dev = await open({ autoStartAvailable: false, notificationsSupported: false });
    expect(dev.capabilities()).toMatchObject({
      autoStart: { available: false, reason: AUTOSTART_DEV_REASON },
      notifications: { available: false, reason: expect.stringContaining('notifications') },
      trayIcon: { available: true, reason: null },
      fileDialogs: { available: true },
      startHidden: { available: true },
    });
    await expect(dev.update({ autoStart: true })).rejects.toThrow(AUTOSTART_DEV_REASON);
    const mac = await open({ platform: 'darwin' });
    expect(mac.capabilities().trayIcon).toMatchObject({ available: false, reason: expect.stringContaining('macOS') });
  });
});
