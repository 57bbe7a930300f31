// The window's views, each addressable by a URL fragment (`#config`): the tray's "Edit configuration"
// opens app://rport-tray/index.html#config, and a browser's back button walks the views.

export const VIEW_NAMES = ['status', 'servers', 'tunnels', 'activity', 'logs', 'config', 'settings', 'setup'] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

/**
 * `#config` → 'config'; anything else (empty, unknown, a token-like string) → null. View names are plain
 * ASCII, so nothing is decoded: a malformed escape such as `#%E0%A4%A` is simply not a view (decoding it
 * would throw and take the window down at load).
 */
export function viewFromHash(hash: string): ViewName | null {
  const name = hash.replace(/^#/, '').trim().toLowerCase();
  return (VIEW_NAMES as readonly string[]).includes(name) ? (name as ViewName) : null;
}

export function hashOf(view: ViewName): string {
  return `#${view}`;
}
