// The one app window: created on Open, closed for real when the user closes it (the app lives on in the
// tray): its renderer process ends with it, so a closed window costs nothing (issue 16). All state lives
// in the main process (the app core): the next Open builds a fresh window from the snapshot, on the view
// the last one showed. The one exception is unsaved work: a renderer with unsaved config edits refuses to
// unload (`beforeunload`), and then the window is hidden instead, as windows used to be, until the edits
// are saved or reverted. Recreated if its renderer dies. Electron objects come in through the deps, so this
// runs in tests with a fake BrowserWindow. Its navigation and window-open guards come from the app's
// `web-contents-created` hook (desktop-app.ts), which every webContents passes through.

import type { BrowserWindowConstructorOptions } from 'electron';
import { mainWindowOptions, type WindowBounds } from '../security/window-options';

export interface WindowLike {
  readonly webContents: {
    readonly id: number;
    on(event: 'render-process-gone', listener: (event: unknown, details: { reason: string }) => void): unknown;
    on(event: 'will-prevent-unload', listener: (event: { preventDefault(): void }) => void): unknown;
    isDestroyed(): boolean;
    send(channel: string, ...args: unknown[]): void;
    getURL(): string;
  };
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
  on(event: 'closed' | 'ready-to-show' | 'hide', listener: () => void): unknown;
  once(event: 'ready-to-show', listener: () => void): unknown;
  loadURL(url: string): Promise<void>;
  show(): void;
  maximize(): void;
  hide(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isVisible(): boolean;
  isFocused(): boolean;
  isDestroyed(): boolean;
  isMaximized(): boolean;
  getNormalBounds(): { x: number; y: number; width: number; height: number };
  destroy(): void;
}

export interface WindowControllerDeps {
  createWindow(options: BrowserWindowConstructorOptions): WindowLike;
  preloadPath: string;
  url: string;
  title: string;
  icon?: string;
  devTools: boolean;
  /** Saved bounds from the preferences, or null for the default size. */
  loadBounds(): (WindowBounds & { maximized?: boolean }) | null;
  /** Whether a saved position is still on a display (else the OS places the window, at the saved size). */
  positionReachable?(bounds: { x: number; y: number; width: number; height: number }): boolean;
  saveBounds(bounds: { x: number; y: number; width: number; height: number; maximized: boolean }): void;
  /** True once the user chose Quit: then a close really closes. */
  isQuitting(): boolean;
  /** macOS agent apps (LSUIElement) must be brought forward explicitly to take focus. */
  focusApp?(): void;
  log?(message: string): void;
  /** The window closed for real (its renderer process is gone). */
  onClosed?(): void;
}

export class WindowController {
  private window: WindowLike | null = null;
  /** The view (URL fragment) the last closed window showed: Open without a view goes back to it. */
  private lastView: string | null = null;

  constructor(private readonly deps: WindowControllerDeps) {}

  /**
   * Shows the window, creating it if needed, and brings it to the front. `view` becomes the URL fragment
   * (e.g. `config` for "Edit configuration"); a fragment change is a same-document navigation, no reload.
   */
  show(view?: string): void {
    const existing = this.live();
    if (existing) {
      if (view) this.load(existing, view);
      if (existing.isMinimized()) existing.restore();
      existing.show();
      existing.focus();
      this.deps.focusApp?.();
      return;
    }
    this.create(view ?? this.lastView ?? undefined);
  }

  /** Whether a window exists (shown or hidden); a closed window has no renderer process. */
  hasWindow(): boolean {
    return this.live() !== null;
  }

  hide(): void {
    this.live()?.hide();
  }

  isFocused(): boolean {
    const win = this.live();
    return !!win && win.isVisible() && win.isFocused();
  }

  isOurWebContents(id: number): boolean {
    const win = this.live();
    return !!win && !win.webContents.isDestroyed() && win.webContents.id === id;
  }

  /** Sends to the renderer if there is a live one; events for a closed window are simply not needed. */
  send(channel: string, message: unknown): void {
    const win = this.live();
    if (win && !win.webContents.isDestroyed()) win.webContents.send(channel, message);
  }

  /** Called when the renderer process died: drop the window; the next Open makes a fresh one. */
  discard(reason: string): void {
    this.deps.log?.(`the window's renderer is gone (${reason}); it will be recreated on Open`);
    const win = this.window;
    this.window = null;
    if (win && !win.isDestroyed()) win.destroy();
  }

  private create(view?: string): WindowLike {
    const saved = this.deps.loadBounds();
    const win = this.deps.createWindow(
      mainWindowOptions({
        preloadPath: this.deps.preloadPath,
        title: this.deps.title,
        bounds: saved ? this.placed(saved) : null,
        devTools: this.deps.devTools,
        ...(this.deps.icon ? { icon: this.deps.icon } : {}),
      }),
    );
    this.window = win;
    win.webContents.on('render-process-gone', (_event, details) => this.discard(details.reason));
    // The renderer refused to unload: it holds unsaved edits. Keep it, hidden; when quitting, unload anyway.
    win.webContents.on('will-prevent-unload', (event) => {
      if (this.deps.isQuitting()) event.preventDefault();
      else win.hide();
    });
    // Created only when it is to be shown (a login start never creates it): show at first paint, maximised
    // if it was when last closed (maximize() also shows the window, so it replaces show() here).
    win.once('ready-to-show', () => {
      if (saved?.maximized) win.maximize();
      else win.show();
      win.focus();
      this.deps.focusApp?.();
    });
    win.on('close', () => {
      this.persistBounds(win);
      this.lastView = viewOf(win);
      // The window closes and its renderer process ends; the app stays in the tray (only Quit ends it).
    });
    win.on('closed', () => {
      if (this.window === win) this.window = null;
      this.deps.onClosed?.();
    });
    this.load(win, view);
    return win;
  }

  private load(win: WindowLike, view?: string): void {
    const url = view ? `${this.deps.url}#${encodeURIComponent(view)}` : this.deps.url;
    win.loadURL(url).catch((error: unknown) => {
      this.deps.log?.(`the window could not load ${url}: ${String(error)}`);
    });
  }

  private placed(saved: WindowBounds): WindowBounds {
    const { x, y, width, height } = saved;
    if (x === undefined || y === undefined) return { width, height };
    const reachable = this.deps.positionReachable?.({ x, y, width, height }) ?? true;
    return reachable ? { x, y, width, height } : { width, height };
  }

  private persistBounds(win: WindowLike): void {
    if (win.isDestroyed()) return;
    const { x, y, width, height } = win.getNormalBounds();
    this.deps.saveBounds({ x, y, width, height, maximized: win.isMaximized() });
  }

  private live(): WindowLike | null {
    return this.window && !this.window.isDestroyed() ? this.window : null;
  }
}

/** The view in a window's URL fragment (`…/index.html#logs` → `logs`), or null. */
function viewOf(win: WindowLike): string | null {
  if (win.webContents.isDestroyed()) return null;
  const hash = /#(.+)$/.exec(win.webContents.getURL())?.[1];
  if (!hash) return null;
  try {
    return decodeURIComponent(hash);
  } catch {
    return null;
  }
}
