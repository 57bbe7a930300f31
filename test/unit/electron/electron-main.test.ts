// The entry file with `electron` mocked: it hands the real module's objects to the composition and
// starts the engine worker through utilityProcess, next to the bundle.
import { describe, expect, it, vi } from 'vitest';

const mocks = vi.hoisted(() => ({
  runDesktopApp: vi.fn(),
  fork: vi.fn(() => ({ on: vi.fn(), pid: 1, stdout: null, stderr: null })),
}));

vi.mock('electron', () => {
  const names = ['BrowserWindow', 'dialog', 'ipcMain', 'Menu', 'nativeImage', 'nativeTheme', 'Notification'];
  const more = ['powerMonitor', 'protocol', 'safeStorage', 'screen', 'session', 'shell', 'Tray'];
  return {
    ...Object.fromEntries([...names, ...more].map((n) => [n, { name: n }])),
    app: { isPackaged: false, name: 'app' },
    utilityProcess: { fork: mocks.fork },
  };
});
vi.mock('../../../main/electron/desktop-app', () => ({ runDesktopApp: mocks.runDesktopApp }));

await import('../../../main/electron/electron-main');

describe('electron-main entry', () => {
  it('passes every Electron object the composition needs', () => {
    expect(mocks.runDesktopApp).toHaveBeenCalledTimes(1);
    const [electron, options] = mocks.runDesktopApp.mock.calls[0]! as [
      Record<string, { name: string }>,
      Record<string, unknown>,
    ];
    expect(Object.keys(electron).sort()).toEqual(
      [
        'app',
        'BrowserWindow',
        'dialog',
        'ipcMain',
        'Menu',
        'nativeImage',
        'nativeTheme',
        'Notification',
        'powerMonitor',
        'protocol',
        'safeStorage',
        'screen',
        'session',
        'shell',
        'Tray',
      ].sort(),
    );
    expect(options).toMatchObject({ platform: process.platform, execPath: process.execPath });
    // A dev run takes the tray images from build/.
    expect(String(options.resourcesDir)).toMatch(/build$/);
    expect(String(options.appIconPath)).toMatch(/build[/\\]icons[/\\]256x256\.png$/);
  });

  it('runs the engine worker bundle through utilityProcess', () => {
    const options = mocks.runDesktopApp.mock.calls[0]![1] as { createWorkerHost(): { spawn(): unknown } };
    options.createWorkerHost().spawn();
    expect(mocks.fork).toHaveBeenCalledWith(
      expect.stringMatching(/engine-worker\.cjs$/),
      [],
      expect.objectContaining({ serviceName: 'RPort Tray engine', stdio: ['ignore', 'pipe', 'pipe'] }),
    );
  });
});
