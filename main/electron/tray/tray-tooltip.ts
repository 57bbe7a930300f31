// The tray tooltip: state, server and last ping, in at most three short lines.

import { roleLabel, serverLabel, stateLine, trayStateOf, type DesktopSnapshot } from './tray-state';

/** Windows cuts tray tooltips at 127 characters (NOTIFYICONDATA.szTip); stay under it everywhere. */
export const TOOLTIP_MAX = 127;

export function trayTooltip(snapshot: DesktopSnapshot, productName = 'RPort Tray'): string {
  const state = trayStateOf(snapshot);
  const engine = snapshot.engine;
  const lines = [`${productName}: ${stateLine(snapshot)}`];
  const connected = state === 'connected-primary' || state === 'connected-fallback';
  if (!connected && engine?.servers.length) {
    const primary = engine.servers.find((s) => s.role === 'primary') ?? engine.servers[0];
    if (primary) lines.push(`Server: ${serverLabel(primary)} (${roleLabel(primary)})`);
  }
  if (connected && engine?.lastPingMs != null) lines.push(`Last ping: ${Math.round(engine.lastPingMs)} ms`);
  else if (connected) lines.push('Last ping: none yet');
  return truncate(lines.join('\n'), TOOLTIP_MAX);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
