// The tray menu as plain data, rebuilt from scratch on every change (Linux's dbusmenu does not reliably
// update items in place, so the glue sets a fresh menu each time). Every action is also reachable here,
// because a tray `click` is not delivered on every Linux desktop.

import type { DesktopSnapshot, TrayState } from './tray-state';
import { roleLabel, serverLabel, stateLine, trayStateOf } from './tray-state';
import { serviceMenu } from './service-tray';

export type TrayAction =
  | { type: 'open' }
  | { type: 'quit' }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'restart-engine' }
  | { type: 'switch-server'; index: number }
  | { type: 'edit-config' }
  | { type: 'set-remote-commands-blocked'; blocked: boolean }
  | { type: 'set-start-at-login'; enabled: boolean };

export type TrayMenuItem =
  | { kind: 'separator' }
  | {
      kind: 'item';
      id: string;
      label: string;
      enabled: boolean;
      /** Present for check and radio items. */
      checked?: boolean;
      role?: 'checkbox' | 'radio';
      action?: TrayAction;
      submenu?: TrayMenuItem[];
    };

export interface TrayMenuInput extends DesktopSnapshot {
  startAtLogin: boolean;
  /** False where the platform has no login item we can manage (e.g. an unpackaged dev run on Linux). */
  startAtLoginAvailable: boolean;
  productName?: string;
}

const SEPARATOR: TrayMenuItem = { kind: 'separator' };

export function trayMenuModel(input: TrayMenuInput): TrayMenuItem[] {
  const state = trayStateOf(input);
  const engine = input.engine;
  const engineUp = state !== 'starting' && state !== 'failed';
  const activeIndex = engine && isConnected(state) ? (engine.server?.index ?? null) : null;
  const servers = engine?.servers ?? [];

  const serverItems: TrayMenuItem[] = servers.map((server) => ({
    kind: 'item',
    id: `server-${server.index}`,
    label: `${serverLabel(server)} (${roleLabel(server)})`,
    role: 'radio',
    checked: server.index === activeIndex,
    // Switching needs a running, unpaused engine; the active server is already where we are.
    enabled: engineUp && state !== 'paused' && server.index !== activeIndex,
    action: { type: 'switch-server', index: server.index },
  }));

  const paused = state === 'paused';
  const items: TrayMenuItem[] = [
    { kind: 'item', id: 'state', label: stateLine(input), enabled: false },
    SEPARATOR,
    {
      kind: 'item',
      id: 'open',
      label: `Open ${input.productName ?? 'RPort Tray'}`,
      enabled: true,
      action: { type: 'open' },
    },
    SEPARATOR,
    {
      kind: 'item',
      id: 'servers',
      label: 'Servers',
      enabled: serverItems.length > 0,
      submenu: serverItems.length > 0 ? serverItems : undefined,
    },
    {
      kind: 'item',
      id: 'back-to-primary',
      label: 'Back to the primary server',
      enabled: state === 'connected-fallback',
      action: { type: 'switch-server', index: 0 },
    },
    paused
      ? { kind: 'item', id: 'pause-resume', label: 'Resume', enabled: true, action: { type: 'resume' } }
      : { kind: 'item', id: 'pause-resume', label: 'Pause', enabled: engineUp, action: { type: 'pause' } },
    {
      kind: 'item',
      id: 'restart-engine',
      // In the failed state this is the way out, so say so.
      label: state === 'failed' ? 'Retry (restart the engine)' : 'Restart engine',
      enabled: input.supervisor?.phase !== 'stopping' && input.supervisor?.phase !== 'stopped',
      action: { type: 'restart-engine' },
    },
    { kind: 'item', id: 'edit-config', label: 'Edit configuration…', enabled: true, action: { type: 'edit-config' } },
    SEPARATOR,
    {
      kind: 'item',
      id: 'block-remote-commands',
      label: 'Block remote commands',
      role: 'checkbox',
      checked: engine?.remoteCommandsBlocked ?? false,
      enabled: engine !== null,
      action: { type: 'set-remote-commands-blocked', blocked: !(engine?.remoteCommandsBlocked ?? false) },
    },
    {
      kind: 'item',
      id: 'start-at-login',
      label: 'Start at login',
      role: 'checkbox',
      checked: input.startAtLogin,
      enabled: input.startAtLoginAvailable,
      action: { type: 'set-start-at-login', enabled: !input.startAtLogin },
    },
    SEPARATOR,
    { kind: 'item', id: 'quit', label: 'Quit', enabled: true, action: { type: 'quit' } },
  ];
  return input.service ? serviceMenu(items, input.service, state === 'failed') : items;
}

function isConnected(state: TrayState): boolean {
  return state === 'connected-primary' || state === 'connected-fallback';
}
