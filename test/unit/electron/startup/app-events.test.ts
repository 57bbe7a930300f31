// Before `ready`: the privileged scheme, Windows' app id, and the app-wide handlers.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { APP_ID } from '../../../../main/electron/app-identity';
import { setupAppEvents } from '../../../../main/electron/startup/app-events';
import { DesktopState } from '../../../../main/electron/startup/desktop-state';

function fakes() {
  const app = Object.assign(new EventEmitter(), { setAppUserModelId: vi.fn() });
  return {
    app,
    protocol: { registerSchemesAsPrivileged: vi.fn() },
    shell: { openExternal: vi.fn(async () => {}) },
  };
}

describe('setupAppEvents', () => {
  it('registers app:// as privileged, and the AppUserModelId on Windows only', () => {
    const win = fakes();
    setupAppEvents(win as never, 'win32', new DesktopState());
    expect(win.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([expect.objectContaining({ scheme: 'app' })]);
    expect(win.app.setAppUserModelId).toHaveBeenCalledWith(APP_ID);
    const linux = fakes();
    setupAppEvents(linux as never, 'linux', new DesktopState());
    expect(linux.app.setAppUserModelId).not.toHaveBeenCalled();
  });

  it('stays alive without windows, reopens on activate, and guards every webContents', () => {
    const f = fakes();
    const state = new DesktopState();
    setupAppEvents(f as never, 'darwin', state);
    expect(f.app.listenerCount('window-all-closed')).toBe(1);
    f.app.emit('activate');
    const show = vi.fn();
    state.windows = { show } as never;
    f.app.emit('activate');
    expect(show).toHaveBeenCalledTimes(1);

    const contents = Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() });
    f.app.emit('web-contents-created', {}, contents);
    const open = contents.setWindowOpenHandler.mock.calls[0]![0] as (d: { url: string }) => unknown;
    expect(open({ url: 'https://github.com/openrport/openrport' })).toEqual({ action: 'deny' });
    expect(f.shell.openExternal).toHaveBeenCalledWith('https://github.com/openrport/openrport');
    open({ url: 'file:///etc/passwd' });
    expect(f.shell.openExternal).toHaveBeenCalledTimes(1);
  });
});
