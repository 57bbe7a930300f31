import { describe, expect, it, vi } from 'vitest';
import path from 'node:path';
import { hardenedWebPreferences, mainWindowOptions, reachableOn } from '../../../main/electron/security/window-options';
import { CONTENT_SECURITY_POLICY, withCspHeader } from '../../../main/electron/security/content-security-policy';
import { rendererFileFor, mimeTypeOf } from '../../../main/electron/security/renderer-files';
import { isAppUrl } from '../../../main/electron/security/renderer-origin';
import {
  denyPermissionsByDefault,
  guardWebContents,
  isAllowedExternalUrl,
  type GuardableWebContents,
} from '../../../main/electron/security/web-contents-guards';

describe('window options', () => {
  it('isolates the renderer: context isolation, sandbox, no Node anywhere, web security on', () => {
    const prefs = mainWindowOptions({
      preloadPath: '/app/dist/preload.cjs',
      title: 'RPort Tray',
      devTools: false,
    }).webPreferences!;
    expect(prefs).toMatchObject({
      preload: '/app/dist/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      devTools: false,
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(hardenedWebPreferences('/p').navigateOnDragDrop).toBe(false);
  });

  it('starts hidden and keeps saved bounds', () => {
    const opts = mainWindowOptions({
      preloadPath: '/p',
      title: 'T',
      devTools: true,
      bounds: { x: 10, y: 20, width: 800, height: 600 },
    });
    expect(opts).toMatchObject({ show: false, x: 10, y: 20, width: 800, height: 600 });
  });
});

describe('saved window position', () => {
  const laptop = { x: 0, y: 0, width: 1440, height: 860 };
  const external = { x: 1440, y: 0, width: 2560, height: 1400 };
  const win = (x: number, y: number) => ({ x, y, width: 900, height: 600 });

  it('is reachable when enough of it lies on one display', () => {
    expect(reachableOn(win(100, 100), [laptop])).toBe(true);
    expect(reachableOn(win(2000, 200), [laptop, external])).toBe(true);
    // Mostly off the left edge, but a 120 px strip is still there to grab.
    expect(reachableOn(win(-780, 10), [laptop])).toBe(true);
  });

  it('is not when its display is gone or only a sliver would show', () => {
    expect(reachableOn(win(2000, 200), [laptop])).toBe(false);
    expect(reachableOn(win(1400, 100), [laptop])).toBe(false);
    expect(reachableOn(win(100, 840), [laptop])).toBe(false);
    expect(reachableOn(win(100, 100), [])).toBe(false);
  });
});

describe('content security policy', () => {
  it('allows only our own script and no inline code, plugins, frames or form posts', () => {
    const directives = Object.fromEntries(
      CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]),
    );
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['style-src']).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe/);
  });

  it('replaces any CSP header a response brings', () => {
    expect(withCspHeader({ 'content-security-policy': ['default-src *'], 'X-A': 'b' })).toEqual({
      'X-A': ['b'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
  });
});

describe('app:// protocol files', () => {
  const root = path.resolve('/app/dist/renderer');

  it('maps app URLs to files under the renderer folder', () => {
    expect(rendererFileFor(root, 'app://rport-tray/')).toBe(path.join(root, 'index.html'));
    expect(rendererFileFor(root, 'app://rport-tray/assets/index-abc.js')).toBe(path.join(root, 'assets/index-abc.js'));
    expect(rendererFileFor(root, 'app://rport-tray/index.html?x=1#y')).toBe(path.join(root, 'index.html'));
    expect(mimeTypeOf('x.js')).toBe('text/javascript; charset=utf-8');
  });

  it('refuses traversal, encoded separators, other hosts and other schemes', () => {
    for (const url of [
      'app://rport-tray/../../etc/passwd',
      'app://rport-tray/%2e%2e/%2e%2e/etc/passwd',
      'app://rport-tray/assets%2f..%2f..%2fsecret',
      'app://rport-tray/a%5c..%5cb',
      'app://rport-tray/a%00.js',
      'app://evil/index.html',
      'file:///etc/passwd',
      'not a url',
    ]) {
      const file = rendererFileFor(root, url);
      if (file !== null) expect(file.startsWith(root + path.sep), url).toBe(true);
      else expect(file).toBeNull();
    }
    expect(rendererFileFor(root, 'app://rport-tray/a%5c..%5cb')).toBeNull();
    expect(rendererFileFor(root, 'app://evil/index.html')).toBeNull();
  });

  it('knows its own origin', () => {
    expect(isAppUrl('app://rport-tray/index.html')).toBe(true);
    expect(isAppUrl('app://rport-tray.evil/index.html')).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
  });
});

describe('navigation, new windows and permissions', () => {
  const fakeContents = () => {
    const handlers = new Map<string, (event: { preventDefault(): void }, url?: string) => void>();
    let openHandler: ((d: { url: string }) => { action: 'deny' }) | null = null;
    const contents: GuardableWebContents = {
      on: (event: string, listener: (e: { preventDefault(): void }, url?: string) => void) =>
        handlers.set(event, listener),
      setWindowOpenHandler: (h) => {
        openHandler = h;
      },
    } as GuardableWebContents;
    const navigate = (event: string, url: string) => {
      const e = { preventDefault: vi.fn() };
      handlers.get(event)!(e, url);
      return e.preventDefault.mock.calls.length > 0;
    };
    return { contents, navigate, open: (url: string) => openHandler!({ url }), handlers };
  };

  it('blocks navigation away from app:// and webviews', () => {
    const { contents, navigate, handlers } = fakeContents();
    guardWebContents(contents, vi.fn());
    expect(navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(navigate('will-redirect', 'http://127.0.0.1/')).toBe(true);
    expect(navigate('will-navigate', 'app://rport-tray/index.html')).toBe(false);
    const webview = { preventDefault: vi.fn() };
    handlers.get('will-attach-webview')!(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('denies every new window and sends only https links to the browser', () => {
    const openExternal = vi.fn();
    const { contents, open } = fakeContents();
    guardWebContents(contents, openExternal);
    expect(open('https://github.com/openrport/openrport')).toEqual({ action: 'deny' });
    expect(open('http://example.com')).toEqual({ action: 'deny' });
    expect(open('file:///bin/sh')).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://github.com/openrport/openrport']]);
    expect(isAllowedExternalUrl('https://user:pw@x.example')).toBe(false);
  });

  it('denies permission requests and checks by default', () => {
    let request: ((c: unknown, p: string, cb: (g: boolean) => void, d: { requestingUrl?: string }) => void) | null =
      null;
    let check: ((c: unknown, p: string, origin: string) => boolean) | null = null;
    denyPermissionsByDefault({
      setPermissionRequestHandler: (h) => (request = h),
      setPermissionCheckHandler: (h) => (check = h),
    });
    const ask = (permission: string, url: string) => {
      let granted: boolean | null = null;
      request!(null, permission, (g) => (granted = g), { requestingUrl: url });
      return granted;
    };
    expect(ask('media', 'app://rport-tray/')).toBe(false);
    expect(ask('notifications', 'app://rport-tray/')).toBe(false);
    expect(ask('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(ask('clipboard-sanitized-write', 'app://rport-tray/')).toBe(true);
    expect(check!(null, 'geolocation', 'app://rport-tray')).toBe(false);
  });
});
