import { describe, expect, it, vi } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';
import { WindowController, type WindowLike } from '../../../main/electron/window/window-controller';
import { createAppProtocolHandler } from '../../../main/electron/security/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../../main/electron/security/content-security-policy';
import { DesktopNotifier, MAX_RETAINED_NOTIFICATIONS } from '../../../main/electron/notifications/desktop-notifier';

type Listener = (...args: never[]) => void;

class FakeWindow {
  static nextId = 1;
  listeners = new Map<string, Listener[]>();
  contentsListeners = new Map<string, Listener[]>();
  visible = false;
  focused = false;
  minimized = false;
  destroyed = false;
  loaded: string[] = [];
  sent: Array<[string, unknown]> = [];
  constructor(public options: BrowserWindowConstructorOptions) {}
  webContents = {
    id: FakeWindow.nextId++,
    isDestroyed: () => this.destroyed,
    send: (channel: string, message: unknown) => this.sent.push([channel, message]),
    getURL: () => this.loaded.at(-1) ?? '',
    on: (event: string, listener: Listener) => {
      this.contentsListeners.set(event, [...(this.contentsListeners.get(event) ?? []), listener]);
    },
  };
  on(event: string, listener: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }
  once(event: string, listener: Listener) {
    this.on(event, listener);
  }
  emit(event: string, ...args: unknown[]) {
    for (const l of this.listeners.get(event) ?? []) (l as (...a: unknown[]) => void)(...args);
  }
  async loadURL(url: string) {
    this.loaded.push(url);
  }
  maximized = false;
  show() {
    this.visible = true;
  }
  maximize() {
    this.maximized = true;
    this.visible = true;
  }
  hide() {
    this.visible = false;
    this.focused = false;
  }
  focus() {
    this.focused = true;
  }
  restore() {
    this.minimized = false;
  }
  isMinimized = () => this.minimized;
  isVisible = () => this.visible;
  isFocused = () => this.focused;
  isDestroyed = () => this.destroyed;
  isMaximized = () => this.maximized;
  getNormalBounds = () => ({ x: 1, y: 2, width: 900, height: 650 });
  destroy() {
    this.destroyed = true;
    this.emit('closed');
  }
}

const setup = (quitting = { value: false }, maximized = false, reachable = true) => {
  const windows: FakeWindow[] = [];
  const saved: unknown[] = [];
  const closed: number[] = [];
  const controller = new WindowController({
    createWindow: (options) => {
      const w = new FakeWindow(options);
      windows.push(w);
      return w as unknown as WindowLike;
    },
    preloadPath: '/app/dist/preload.cjs',
    url: 'app://rport-tray/index.html',
    title: 'RPort Tray',
    devTools: false,
    loadBounds: () => ({ x: 5, y: 6, width: 1000, height: 700, maximized }),
    positionReachable: () => reachable,
    saveBounds: (b) => saved.push(b),
    isQuitting: () => quitting.value,
    onClosed: () => closed.push(windows.length),
  });
  return { controller, windows, saved, quitting, closed };
};

describe('WindowController', () => {
  it('creates a hardened, hidden window on first show and shows it at first paint', () => {
    const { controller, windows } = setup();
    controller.show();
    const win = windows[0]!;
    expect(win.options).toMatchObject({ show: false, x: 5, width: 1000 });
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(win.loaded).toEqual(['app://rport-tray/index.html']);
    expect([...win.contentsListeners.keys()]).toEqual(['render-process-gone', 'will-prevent-unload']);
    expect(win.visible).toBe(false);
    win.emit('ready-to-show');
    expect(controller.isFocused()).toBe(true);
    controller.show();
    expect(windows).toHaveLength(1);
  });

  it('keeps the saved size but lets the OS place it when the saved position is on no display', () => {
    const { controller, windows } = setup(undefined, false, false);
    controller.show();
    expect(windows[0]!.options).toMatchObject({ width: 1000, height: 700 });
    expect(windows[0]!.options).not.toHaveProperty('x');
    expect(windows[0]!.options).not.toHaveProperty('y');
  });

  it('comes back maximised when it was maximised at the last close', () => {
    const { controller, windows } = setup(undefined, true);
    controller.show();
    const win = windows[0]!;
    expect(win.maximized).toBe(false);
    win.emit('ready-to-show');
    expect(win).toMatchObject({ maximized: true, visible: true, focused: true });
    const { controller: plain, windows: plainWindows } = setup();
    plain.show();
    plainWindows[0]!.emit('ready-to-show');
    expect(plainWindows[0]).toMatchObject({ maximized: false, visible: true });
  });

  it('closes for real on close (no renderer left), saving the bounds; Open builds it again on the same view', () => {
    const { controller, windows, saved, closed } = setup();
    controller.show('logs');
    const win = windows[0]!;
    win.emit('ready-to-show');
    expect(win.loaded).toEqual(['app://rport-tray/index.html#logs']);
    const closeEvent = { preventDefault: vi.fn() };
    win.emit('close', closeEvent);
    expect(closeEvent.preventDefault).not.toHaveBeenCalled();
    expect(saved).toEqual([{ x: 1, y: 2, width: 900, height: 650, maximized: false }]);
    win.destroy();
    expect(closed).toEqual([1]);
    expect(controller.hasWindow()).toBe(false);
    expect(controller.isFocused()).toBe(false);
    controller.send('rport-tray:event', { seq: 1 });
    expect(win.sent).toEqual([]);
    controller.show();
    expect(windows).toHaveLength(2);
    expect(windows[1]!.loaded).toEqual(['app://rport-tray/index.html#logs']);
    controller.show('config');
    expect(windows).toHaveLength(2);
  });

  it('hides instead when the renderer keeps unsaved edits (beforeunload), and unloads anyway when quitting', () => {
    const { controller, windows, quitting } = setup();
    controller.show();
    const win = windows[0]!;
    win.emit('ready-to-show');
    win.emit('close', { preventDefault: vi.fn() });
    const refused = { preventDefault: vi.fn() };
    for (const l of win.contentsListeners.get('will-prevent-unload') ?? []) (l as (e: unknown) => void)(refused);
    expect(refused.preventDefault).not.toHaveBeenCalled();
    expect(win.visible).toBe(false);
    expect(controller.hasWindow()).toBe(true);
    controller.show();
    expect(windows).toHaveLength(1);
    expect(win.visible).toBe(true);
    quitting.value = true;
    const onQuit = { preventDefault: vi.fn() };
    for (const l of win.contentsListeners.get('will-prevent-unload') ?? []) (l as (e: unknown) => void)(onQuit);
    expect(onQuit.preventDefault).toHaveBeenCalled();
  });

  it('knows its own webContents, sends events only to a live renderer, and recreates after a crash', () => {
    const { controller, windows } = setup();
    expect(controller.isOurWebContents(1)).toBe(false);
    controller.send('rport-tray:event', { seq: 1 });
    controller.show();
    const win = windows[0]!;
    expect(controller.isOurWebContents(win.webContents.id)).toBe(true);
    expect(controller.isOurWebContents(win.webContents.id + 100)).toBe(false);
    controller.send('rport-tray:event', { seq: 2 });
    expect(win.sent).toEqual([['rport-tray:event', { seq: 2 }]]);
    const gone = win.contentsListeners.get('render-process-gone')![0] as (e: unknown, d: { reason: string }) => void;
    gone({}, { reason: 'crashed' });
    expect(win.destroyed).toBe(true);
    expect(controller.isOurWebContents(win.webContents.id)).toBe(false);
    controller.show();
    expect(windows).toHaveLength(2);
  });
});

describe('WindowController views', () => {
  it('opens a view by its fragment: a new window loads it, an open one navigates in place', () => {
    const { controller, windows } = setup();
    controller.show('config');
    const win = windows[0]!;
    expect(win.loaded).toEqual(['app://rport-tray/index.html#config']);
    win.emit('ready-to-show');
    // The tray's "Edit configuration" while the window is open (and maybe minimised, on another view):
    // the same page with a new fragment, which the renderer follows on `hashchange` (no reload).
    win.minimized = true;
    controller.show('settings');
    expect(windows).toHaveLength(1);
    expect(win.loaded).toEqual(['app://rport-tray/index.html#config', 'app://rport-tray/index.html#settings']);
    expect(win.minimized).toBe(false);
    expect(controller.isFocused()).toBe(true);
    // Plain "Open" keeps whatever view the user was on.
    controller.show();
    expect(win.loaded).toHaveLength(2);
  });
});

describe('app:// protocol handler', () => {
  const files: Record<string, string> = {
    '/r/index.html': '<html></html>',
    '/r/assets/a.js': 'console.log(1)',
  };
  const handler = createAppProtocolHandler('/r', async (file) => {
    const text = files[file];
    if (text === undefined) throw new Error('ENOENT');
    return new TextEncoder().encode(text);
  });

  it('serves renderer files with their type and the CSP', async () => {
    const res = await handler({ url: 'app://rport-tray/', method: 'GET' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe('<html></html>');
    const js = await handler({ url: 'app://rport-tray/assets/a.js', method: 'GET' });
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('refuses traversal, other hosts and writes; 404 for missing files', async () => {
    expect((await handler({ url: 'app://rport-tray/%2e%2e/%2e%2e/etc/passwd', method: 'GET' })).status).toBe(404);
    expect((await handler({ url: 'app://rport-tray/a%5cb', method: 'GET' })).status).toBe(403);
    expect((await handler({ url: 'app://elsewhere/index.html', method: 'GET' })).status).toBe(403);
    expect((await handler({ url: 'app://rport-tray/index.html', method: 'POST' })).status).toBe(405);
    expect((await handler({ url: 'app://rport-tray/missing.js', method: 'GET' })).status).toBe(404);
  });
});

describe('desktop notifier', () => {
  const fakeApi = (supported: { value: boolean }) => {
    const shown: Array<Record<string, unknown>> = [];
    const made: Array<{ emit(event: 'click' | 'close'): void }> = [];
    const api = {
      isSupported: () => supported.value,
      create: (options: object) => {
        const listeners = new Map<string, () => void>();
        made.push({ emit: (event) => listeners.get(event)?.() });
        return {
          show: () => shown.push(options as Record<string, unknown>),
          on: (event: 'click' | 'close', l: () => void) => listeners.set(event, l),
        };
      },
    };
    return { api, shown, made };
  };

  it('shows a notification that opens the window on click, only where supported', () => {
    const supported = { value: true };
    const { api, shown, made } = fakeApi(supported);
    const onClick = vi.fn();
    const notifier = new DesktopNotifier(api, { onClick });
    notifier.show({ kind: 'lost', title: 'Connection lost', body: 'Reconnecting…', key: 'lost', view: 'servers' });
    expect(shown).toEqual([{ title: 'Connection lost', body: 'Reconnecting…', silent: true }]);
    made[0]!.emit('click');
    expect(onClick).toHaveBeenCalledWith(expect.objectContaining({ key: 'lost', view: 'servers' }));
    notifier.show({ kind: 'failed', title: 'x', body: 'y', key: 'failed' });
    expect(shown[1]).toMatchObject({ silent: false });
    supported.value = false;
    notifier.show({ kind: 'connected', title: 'x', body: 'y', key: 'c' });
    expect(shown).toHaveLength(2);
  });

  it('keeps each notification alive until it is clicked or closed (Electron would collect it), within a bound', () => {
    const { api, made } = fakeApi({ value: true });
    const notifier = new DesktopNotifier(api, { onClick: vi.fn() });
    notifier.show({ kind: 'lost', title: 'a', body: 'b', key: 'k1' });
    notifier.show({ kind: 'lost', title: 'a', body: 'b', key: 'k2' });
    expect(notifier.retained).toBe(2);
    made[0]!.emit('click');
    made[1]!.emit('close');
    expect(notifier.retained).toBe(0);
    for (let i = 0; i < MAX_RETAINED_NOTIFICATIONS + 5; i += 1) {
      notifier.show({ kind: 'lost', title: 'a', body: 'b', key: `n${i}` });
    }
    expect(notifier.retained).toBe(MAX_RETAINED_NOTIFICATIONS);
  });
});

describe('app:// scheme privileges', () => {
  it('is standard and secure, and not readable cross-origin', async () => {
    const { APP_SCHEME_PRIVILEGES } = await import('../../../main/electron/security/app-protocol');
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    });
  });
});
