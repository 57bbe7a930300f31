// The window's theme: `system` follows the OS (prefers-color-scheme), `light` and `dark` pin it. The CSS
// colours are `light-dark()` pairs, so setting `color-scheme` on the root (data-theme) is all it takes;
// native controls (scrollbars, checkboxes, selects) follow the same scheme.
import type { Theme } from '../../main/shared/contract';

export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  if (theme === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', theme);
}
