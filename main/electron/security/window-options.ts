// The hardened options every app window is created with (Electron security checklist items 1–3).

import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

export function hardenedWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
  };
}

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Whether a saved window position can still be reached: enough of it (a strip to grab the title bar by)
 * lies on one display's work area. A monitor unplugged since, or a resolution change, would otherwise
 * reopen the window out of sight, and the OS does not move it back.
 */
export function reachableOn(bounds: Rect, workAreas: readonly Rect[]): boolean {
  return workAreas.some((area) => {
    const width = Math.min(bounds.x + bounds.width, area.x + area.width) - Math.max(bounds.x, area.x);
    const height = Math.min(bounds.y + bounds.height, area.y + area.height) - Math.max(bounds.y, area.y);
    return width >= 100 && height >= 40;
  });
}

export function mainWindowOptions(options: {
  preloadPath: string;
  title: string;
  bounds?: WindowBounds | null;
  /** Linux and Windows window icon (macOS takes the bundle's). */
  icon?: string;
  devTools: boolean;
}): BrowserWindowConstructorOptions {
  const bounds = options.bounds ?? { width: 980, height: 700 };
  return {
    ...bounds,
    minWidth: 720,
    minHeight: 480,
    title: options.title,
    // Shown once the first paint is ready, or kept hidden when started at login.
    show: false,
    autoHideMenuBar: true,
    ...(options.icon ? { icon: options.icon } : {}),
    webPreferences: { ...hardenedWebPreferences(options.preloadPath), devTools: options.devTools },
  };
}
