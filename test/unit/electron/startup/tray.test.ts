// The tray step: its actions go through the core (a refusal is logged), Restart becomes Retry once the
// engine failed, the block switch reaches the engine, and a tray gone at quit ignores later events.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { Preferences } from '../../../../main/config/preferences';
import { DesktopState } from '../../../../main/electron/startup/desktop-state';
import { setupTray, trayActionRunner } from '../../../../main/electron/startup/tray';
import { fakeCore } from '../desktop-fakes';
import { snapshotFor } from '../tray-fixtures';

describe('trayActionRunner', () => {
  it('runs requests through the core and logs a refusal', async () => {
    const { handles, core } = fakeCore({
      supervisor: { phase: 'failed', failedReason: 'budget spent', nextRestartAt: null, restartCount: 5 },
    });
    const state = new DesktopState();
    const log = vi.fn();
    const run = trayActionRunner({ quit: vi.fn() }, handles, { windows: null, log });
    await run({ type: 'restart-engine' });
    expect(core.handle).toHaveBeenCalledWith('retry', undefined);
    core.handle.mockResolvedValueOnce({ ok: false, error: { code: 'invalid-state', message: 'not running' } } as never);
    await run({ type: 'pause' });
    expect(log).toHaveBeenCalledWith('warn', 'tray: pause failed: not running');
    await run({ type: 'set-remote-commands-blocked', blocked: true });
    expect(handles.setRemoteCommandsBlocked).toHaveBeenCalledWith(true);
    expect(log).toHaveBeenCalledWith('info', 'remote commands blocked from the tray');
    await run({ type: 'set-start-at-login', enabled: false });
    expect(core.handle).toHaveBeenCalledWith('updatePreferences', { autoStart: false });
    expect(state.windows).toBeNull();
  });
});

describe('setupTray', () => {
  it('draws the engine’s state, and does nothing once disposed', async () => {
    const trays: Array<{ image: unknown; setImage: ReturnType<typeof vi.fn>; destroy: ReturnType<typeof vi.fn> }> = [];
    class Tray extends EventEmitter {
      setImage = vi.fn();
      setToolTip = vi.fn();
      setContextMenu = vi.fn();
      destroy = vi.fn();
      constructor(readonly image: unknown) {
        super();
        trays.push(this);
      }
    }
    const e = {
      app: { quit: vi.fn() },
      Tray,
      nativeImage: { createFromPath: (file: string) => ({ file, setTemplateImage: vi.fn() }) },
      Menu: { buildFromTemplate: (template: unknown) => ({ template }) },
      nativeTheme: Object.assign(new EventEmitter(), { shouldUseDarkColorsForSystemIntegratedUI: true }),
    };
    const state = new DesktopState();
    const tray = setupTray(
      {
        e: e as never,
        options: { platform: 'linux', resourcesDir: '/res' },
        preferences: new Preferences({ store: {} }),
        settings: { loginItemEnabled: false },
        startAtLogin: { available: false },
        engine: fakeCore().handles,
      },
      state,
    );
    expect(state.tray).toBe(tray);
    expect((trays[0]!.image as { file: string }).file).toBe('/res/tray/starting-color.png');
    tray.setSnapshot(snapshotFor('connected-primary'));
    await vi.waitFor(() =>
      expect(trays[0]!.setImage).toHaveBeenLastCalledWith(
        expect.objectContaining({ file: '/res/tray/connected-primary-color.png' }),
      ),
    );
    tray.dispose();
    expect(trays[0]!.destroy).toHaveBeenCalledTimes(1);
    const calls = trays[0]!.setImage.mock.calls.length;
    tray.setSnapshot(snapshotFor('failed'));
    e.nativeTheme.emit('updated');
    tray.dispose();
    expect(trays[0]!.setImage.mock.calls.length).toBe(calls);
    expect(trays[0]!.destroy).toHaveBeenCalledTimes(1);
  });
});
