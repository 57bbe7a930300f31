import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { TRAY_STATES, type TrayState } from '../../../main/electron/tray/tray-state';
import { trayMenuModel, type TrayAction, type TrayMenuItem } from '../../../main/electron/tray/tray-menu-model';
import { toMenuTemplate } from '../../../main/electron/tray/menu-template';
import { snapshotFor } from './tray-fixtures';

const input = (state: TrayState, startAtLogin = false) => ({
  ...snapshotFor(state),
  startAtLogin,
  startAtLoginAvailable: true,
});

type Item = Extract<TrayMenuItem, { kind: 'item' }>;
const tryFind = (items: TrayMenuItem[], id: string): Item | null => {
  for (const item of items) {
    if (item.kind !== 'item') continue;
    if (item.id === id) return item;
    const inner = item.submenu ? tryFind(item.submenu, id) : null;
    if (inner) return inner;
  }
  return null;
};
const find = (items: TrayMenuItem[], id: string): Item => {
  const item = tryFind(items, id);
  if (!item) throw new Error(`no menu item ${id}`);
  return item;
};

describe('tray menu model', () => {
  it('always has Open and Quit, enabled, whatever the state', () => {
    for (const state of TRAY_STATES) {
      const menu = trayMenuModel(input(state));
      expect(find(menu, 'open')).toMatchObject({ enabled: true, action: { type: 'open' } });
      expect(find(menu, 'quit')).toMatchObject({ enabled: true, action: { type: 'quit' } });
      expect(menu.at(-1)).toMatchObject({ id: 'quit' });
      expect(find(menu, 'state')).toMatchObject({ enabled: false });
    }
  });

  it('marks the active server and switches to another with its index', () => {
    const menu = trayMenuModel(input('connected-fallback'));
    const servers = find(menu, 'servers').submenu!;
    expect(servers.map((s) => s.kind === 'item' && [s.label, s.checked, s.enabled])).toEqual([
      ['rport.example.com:8080 (primary)', false, true],
      ['backup.example.net (fallback 1)', true, false],
      ['third.example.org:8080 (fallback 2)', false, true],
    ]);
    expect(find(menu, 'server-2').action).toEqual({ type: 'switch-server', index: 2 });
    expect(find(menu, 'back-to-primary')).toMatchObject({ enabled: true, action: { type: 'switch-server', index: 0 } });
  });

  it('offers "back to the primary" only while on a fallback', () => {
    for (const state of TRAY_STATES) {
      expect(find(trayMenuModel(input(state)), 'back-to-primary').enabled).toBe(state === 'connected-fallback');
    }
  });

  it('enables pause, resume and server switching per state', () => {
    const expectations: Record<TrayState, { label: string; enabled: boolean; switching: boolean }> = {
      starting: { label: 'Pause', enabled: false, switching: false },
      'connected-primary': { label: 'Pause', enabled: true, switching: true },
      'connected-fallback': { label: 'Pause', enabled: true, switching: true },
      reconnecting: { label: 'Pause', enabled: true, switching: true },
      paused: { label: 'Resume', enabled: true, switching: false },
      failed: { label: 'Pause', enabled: false, switching: false },
    };
    for (const state of TRAY_STATES) {
      const menu = trayMenuModel(input(state));
      const want = expectations[state];
      expect(find(menu, 'pause-resume'), state).toMatchObject({ label: want.label, enabled: want.enabled });
      expect(find(menu, 'pause-resume').action?.type).toBe(want.label === 'Pause' ? 'pause' : 'resume');
      const inactive = tryFind(menu, 'server-2');
      expect(inactive?.enabled ?? false, state).toBe(want.switching);
    }
  });

  it('offers a retry when failed and keeps Restart engine and Edit configuration', () => {
    expect(find(trayMenuModel(input('failed')), 'restart-engine')).toMatchObject({
      label: 'Retry (restart the engine)',
      enabled: true,
    });
    expect(find(trayMenuModel(input('connected-primary')), 'restart-engine').label).toBe('Restart engine');
    expect(find(trayMenuModel(input('paused')), 'edit-config').enabled).toBe(true);
  });

  it('shows the block-remote-commands and start-at-login switches with the action that flips them', () => {
    const blocked = trayMenuModel({
      ...snapshotFor('connected-primary', { remoteCommandsBlocked: true }),
      startAtLogin: true,
      startAtLoginAvailable: true,
    });
    expect(find(blocked, 'block-remote-commands')).toMatchObject({
      role: 'checkbox',
      checked: true,
      action: { type: 'set-remote-commands-blocked', blocked: false },
    });
    expect(find(blocked, 'start-at-login')).toMatchObject({
      checked: true,
      action: { type: 'set-start-at-login', enabled: false },
    });
    const off = trayMenuModel(input('connected-primary'));
    expect(find(off, 'block-remote-commands').action).toEqual({ type: 'set-remote-commands-blocked', blocked: true });
    expect(find(off, 'start-at-login').action).toEqual({ type: 'set-start-at-login', enabled: true });
    const unavailable = trayMenuModel({ ...input('paused'), startAtLoginAvailable: false });
    expect(find(unavailable, 'start-at-login').enabled).toBe(false);
  });
});

describe('menu template', () => {
  it('dispatches the item action on click, including inside the servers submenu', () => {
    const dispatch = vi.fn<(a: TrayAction) => void>();
    const template = toMenuTemplate(trayMenuModel(input('connected-primary')), dispatch);
    const byId = (items: MenuItemConstructorOptions[], id: string): MenuItemConstructorOptions | undefined => {
      for (const item of items) {
        if (item.id === id) return item;
        const inner = Array.isArray(item.submenu) ? byId(item.submenu, id) : undefined;
        if (inner) return inner;
      }
      return undefined;
    };
    const click = (id: string) => (byId(template, id)!.click as () => void)();
    click('server-1');
    click('pause-resume');
    click('quit');
    expect(dispatch.mock.calls.map((c) => c[0])).toEqual([
      { type: 'switch-server', index: 1 },
      { type: 'pause' },
      { type: 'quit' },
    ]);
    expect(byId(template, 'server-0')).toMatchObject({ type: 'radio', checked: true, enabled: false });
    expect(byId(template, 'servers')).toMatchObject({ type: 'submenu' });
    expect(template.filter((i) => i.type === 'separator').length).toBeGreaterThan(2);
  });
});
