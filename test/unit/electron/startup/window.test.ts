// The window step and whether the window opens at start: a login start stays in the tray unless "start
// hidden" is off; a start by hand, a second launch meanwhile or a missing setup opens it.
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { Preferences } from '../../../../main/config/preferences';
import { DesktopState } from '../../../../main/electron/startup/desktop-state';
import { opensWindowAtStart, setupWindow } from '../../../../main/electron/startup/window';

describe('opensWindowAtStart', () => {
  const base = {
    argv: ['/app/rport-tray', '--hidden'],
    macWasOpenedAtLogin: false,
    setupNeeded: false,
    secondLaunch: false,
    startHidden: true,
  };

  it('stays in the tray only on a login start with "start hidden" on', () => {
    expect(opensWindowAtStart(base)).toBe(false);
    expect(opensWindowAtStart({ ...base, argv: ['/app/rport-tray'] })).toBe(true);
    expect(opensWindowAtStart({ ...base, argv: ['/app/rport-tray'], macWasOpenedAtLogin: true })).toBe(false);
    expect(opensWindowAtStart({ ...base, startHidden: false })).toBe(true);
    expect(opensWindowAtStart({ ...base, setupNeeded: true })).toBe(true);
    expect(opensWindowAtStart({ ...base, secondLaunch: true })).toBe(true);
  });
});

describe('setupWindow', () => {
  it('creates the window on first show, as the file dialogs’ parent, with the saved size', () => {
    const created: unknown[] = [];
    class BrowserWindow {
      webContents = { id: 7, on: vi.fn(), isDestroyed: () => false, send: vi.fn(), setWindowOpenHandler: vi.fn() };
      constructor(readonly options: unknown) {
        created.push(this);
      }
      on = vi.fn();
      once = vi.fn();
      loadURL = vi.fn(async () => {});
      show = vi.fn();
      focus = vi.fn();
      isMinimized = () => false;
      isDestroyed = () => false;
      isVisible = () => true;
      isFocused = () => true;
    }
    const preferences = new Preferences({ store: {} });
    preferences.update({ windowBounds: { x: 10, y: 20, width: 900, height: 700, maximized: false } });
    const state = new DesktopState();
    const e = {
      app: { isPackaged: true, focus: vi.fn() },
      BrowserWindow,
      screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    };
    const windows = setupWindow(
      e as never,
      { distDir: '/app/dist', platform: 'linux', appIconPath: '/app/icon.png' },
      preferences,
      state,
    );
    expect(state.windows).toBe(windows);
    expect(created).toHaveLength(0);
    windows.show();
    expect(created).toHaveLength(1);
    expect(state.dialogParent).toBe(created[0]);
    expect((created[0] as { options: unknown }).options).toMatchObject({ x: 10, y: 20, width: 900, height: 700 });
    expect(windows.isOurWebContents(7)).toBe(true);
  });
});
