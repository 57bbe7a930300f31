// Turns the plain menu model into Electron's menu template, wiring each item's action to one dispatcher.

import type { MenuItemConstructorOptions } from 'electron';
import type { TrayAction, TrayMenuItem } from './tray-menu-model';

export function toMenuTemplate(
  items: readonly TrayMenuItem[],
  dispatch: (action: TrayAction) => void,
): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    if (item.kind === 'separator') return { type: 'separator' };
    const action = item.action;
    return {
      id: item.id,
      label: item.label,
      enabled: item.enabled,
      ...(item.role ? { type: item.role, checked: item.checked ?? false } : {}),
      ...(item.submenu ? { type: 'submenu' as const, submenu: toMenuTemplate(item.submenu, dispatch) } : {}),
      ...(action ? { click: () => dispatch(action) } : {}),
    };
  });
}
