import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { TRAY_STATES, type TrayState } from '../../../main/electron/tray/tray-state';
import { trayIconFile, allTrayIconFiles, type TrayIconContext } from '../../../main/electron/tray/tray-icon-file';
import { TrayController, type TrayLike } from '../../../main/electron/tray/tray-controller';
import type { TrayAction } from '../../../main/electron/tray/tray-menu-model';
import { snapshotFor } from './tray-fixtures';

describe('tray icon per state', () => {
  const contexts: TrayIconContext[] = [
    { platform: 'darwin', style: 'color', darkBackground: false },
    { platform: 'win32', style: 'color', darkBackground: false },
    { platform: 'win32', style: 'monochrome', darkBackground: true },
    { platform: 'win32', style: 'monochrome', darkBackground: false },
    { platform: 'linux', style: 'color', darkBackground: true },
    { platform: 'linux', style: 'monochrome', darkBackground: true },
  ];

  it('gives each of the six states its own image on every platform and style', () => {
    for (const ctx of contexts) {
      const files = TRAY_STATES.map((s) => trayIconFile(s, ctx).file);
      expect(new Set(files).size, JSON.stringify(ctx)).toBe(TRAY_STATES.length);
    }
  });

  it('uses template PNGs on macOS, .ico on Windows and PNG on Linux, with the monochrome variants', () => {
    expect(trayIconFile('paused', contexts[0]!)).toEqual({ file: 'pausedTemplate.png', template: true });
    expect(trayIconFile('failed', contexts[1]!)).toEqual({ file: 'failed-color.ico', template: false });
    expect(trayIconFile('failed', contexts[2]!).file).toBe('failed-white.ico');
    expect(trayIconFile('failed', contexts[3]!).file).toBe('failed-black.ico');
    expect(trayIconFile('reconnecting', contexts[4]!).file).toBe('reconnecting-color.png');
    expect(trayIconFile('reconnecting', contexts[5]!).file).toBe('reconnecting-white.png');
    const all = allTrayIconFiles(TRAY_STATES);
    for (const ctx of contexts) for (const s of TRAY_STATES) expect(all).toContain(trayIconFile(s, ctx).file);
  });
});

class FakeTray implements TrayLike<string, MenuItemConstructorOptions[]> {
  images: string[] = [];
  tooltips: string[] = [];
  menus: MenuItemConstructorOptions[][] = [];
  clickListener: (() => void) | null = null;
  destroyed = false;
  constructor(image: string) {
    this.images.push(`created:${image}`);
  }
  setImage(image: string) {
    this.images.push(image);
  }
  setToolTip(text: string) {
    this.tooltips.push(text);
  }
  setContextMenu(menu: MenuItemConstructorOptions[] | null) {
    if (menu) this.menus.push(menu);
  }
  on(_event: 'click', listener: () => void) {
    this.clickListener = listener;
  }
  destroy() {
    this.destroyed = true;
  }
}

describe('TrayController', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const setup = (openOnClick?: boolean) => {
    let tray: FakeTray | null = null;
    const dispatch = vi.fn<(a: TrayAction) => void>();
    const input = (state: TrayState) => ({ ...snapshotFor(state), startAtLogin: false, startAtLoginAvailable: true });
    const controller = new TrayController<string, MenuItemConstructorOptions[]>(
      {
        createTray: (image) => (tray = new FakeTray(image)),
        loadImage: (file, template) => `${file}${template ? '[template]' : ''}`,
        buildMenu: (template) => template,
        iconDir: '/icons',
        iconContext: () => ({ platform: 'linux', style: 'color', darkBackground: true }),
        dispatch,
        ...(openOnClick === undefined ? {} : { openOnClick }),
        timers: {
          setTimeout: (fn, ms) => setTimeout(fn, ms),
          clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
          now: () => Date.now(),
        },
      },
      input('starting'),
    );
    return { tray: tray!, controller, dispatch, input };
  };

  it('creates the tray with the state icon, a tooltip and a menu, and opens the window on click', () => {
    const { tray, dispatch } = setup();
    expect(tray.images).toEqual(['created:/icons/starting-color.png']);
    expect(tray.tooltips).toEqual(['RPort Tray: Starting…']);
    expect(tray.menus).toHaveLength(1);
    tray.clickListener!();
    expect(dispatch).toHaveBeenCalledWith({ type: 'open' });
  });

  it('leaves the click to the menu where a click opens it (macOS)', () => {
    const { tray } = setup(false);
    expect(tray.clickListener).toBeNull();
    expect(tray.menus.at(-1)!.find((i) => i.id === 'open')).toMatchObject({ enabled: true });
  });

  it('throttles image changes to the latest state and rebuilds the menu on every change', () => {
    const { tray, controller, input } = setup();
    vi.advanceTimersByTime(1000);
    controller.update(input('connected-primary'));
    controller.update(input('reconnecting'));
    controller.update(input('connected-fallback'));
    // The first change lands at once, the burst after it is collapsed into its last value.
    expect(tray.images.slice(1)).toEqual(['/icons/connected-primary-color.png']);
    vi.advanceTimersByTime(200);
    expect(tray.images.slice(1)).toEqual(['/icons/connected-primary-color.png', '/icons/connected-fallback-color.png']);
    expect(controller.currentState).toBe('connected-fallback');
    // Each distinct model produced a fresh menu (Linux needs setContextMenu again after a change).
    expect(tray.menus).toHaveLength(4);
    controller.update(input('connected-fallback'));
    expect(tray.menus).toHaveLength(4);
    expect(tray.tooltips.at(-1)).toBe('RPort Tray: Connected to backup.example.net (fallback 1)\nLast ping: 80 ms');
  });

  it('sends the chosen command when a menu item is clicked and cleans up', () => {
    const { tray, controller, dispatch, input } = setup();
    controller.update(input('connected-primary'));
    const menu = tray.menus.at(-1)!;
    const servers = menu.find((i) => i.id === 'servers')!.submenu as MenuItemConstructorOptions[];
    (servers.find((i) => i.id === 'server-2')!.click as () => void)();
    expect(dispatch).toHaveBeenLastCalledWith({ type: 'switch-server', index: 2 });
    controller.dispose();
    expect(tray.destroyed).toBe(true);
  });
});
