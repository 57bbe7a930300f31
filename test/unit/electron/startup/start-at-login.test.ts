// Start at login: on the first start of an installed app the login item is added once; a failure to
// add it is logged, not fatal; a development run on Linux has none.
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { Preferences } from '../../../../main/config/preferences';
import { setupStartAtLogin } from '../../../../main/electron/startup/start-at-login';

function fakeApp(packaged: boolean, setFails = false) {
  const item = { openAtLogin: false };
  return {
    isPackaged: packaged,
    getAppPath: () => '/app',
    setLoginItemSettings: vi.fn((s: { openAtLogin?: boolean }) => {
      if (setFails) throw new Error('denied by policy');
      item.openAtLogin = s.openAtLogin ?? false;
    }),
    getLoginItemSettings: vi.fn(() => ({ ...item, executableWillLaunchAtLogin: item.openAtLogin })),
  };
}

const options = { platform: 'win32' as const, execPath: 'C:\\Apps\\rport-tray.exe', env: {} };

describe('setupStartAtLogin', () => {
  it('adds the login item on the first start of an installed app, and not once the setup is done', async () => {
    const app = fakeApp(true);
    const log = vi.fn();
    const first = await setupStartAtLogin(app as never, options, new Preferences({ store: {} }), log);
    expect(first.available).toBe(true);
    expect(await first.autoStart.isEnabled()).toBe(true);

    const later = fakeApp(true);
    const done = new Preferences({ store: {} });
    done.update({ setupComplete: true });
    await setupStartAtLogin(later as never, options, done, log);
    expect(later.setLoginItemSettings).not.toHaveBeenCalled();
  });

  it('logs a login item that cannot be added and goes on', async () => {
    const log = vi.fn();
    const result = await setupStartAtLogin(fakeApp(true, true) as never, options, new Preferences({ store: {} }), log);
    expect(result.available).toBe(true);
    expect(log).toHaveBeenCalledWith('warn', expect.stringContaining('could not add the login item'));
  });

  it('is not available in a development run on Linux, and adds nothing there', async () => {
    const app = fakeApp(false);
    const result = await setupStartAtLogin(
      app as never,
      { platform: 'linux', execPath: '/usr/bin/electron', env: { HOME: '/nonexistent-home' } },
      new Preferences({ store: {} }),
      vi.fn(),
    );
    expect(result.available).toBe(false);
    expect(app.setLoginItemSettings).not.toHaveBeenCalled();
  });
});
