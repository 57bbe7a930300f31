// The engine step: the core is built over the worker host with the sink, settings and keychain it is
// given, and with file dialogs modal to the window while one is open.
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { Preferences } from '../../../../main/config/preferences';
import { MemorySecretStore } from '../../../../main/config/secret-store';
import { DesktopState } from '../../../../main/electron/startup/desktop-state';
import type { CoreInput } from '../../../../main/electron/startup/desktop-types';
import { setupEngine } from '../../../../main/electron/startup/engine';
import { fakeSink } from '../../run/fake-log-sink';
import { fakeCore } from '../desktop-fakes';

describe('setupEngine', () => {
  it('builds the core over the worker host and keeps it for quit and a failed start', async () => {
    const { handles } = fakeCore();
    const createCore = vi.fn(async (_input: CoreInput) => handles);
    const workerHost = { spawn: vi.fn() };
    const dialog = {
      showOpenDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePaths: [] })),
      showSaveDialog: vi.fn(async () => ({ canceled: true })),
    };
    const state = new DesktopState();
    const { sink } = fakeSink();
    const secretStore = new MemorySecretStore();
    const engine = await setupEngine(
      {
        options: { createCore, createWorkerHost: () => workerHost as never },
        dialog: dialog as never,
        downloadsDir: () => '/home/me/Downloads',
        secretStore,
        preferences: new Preferences({ store: {} }),
        settings: {} as never,
        sink,
      },
      state,
    );
    expect(engine).toBe(handles);
    expect(state.engine).toBe(handles);
    const input = createCore.mock.calls[0]![0];
    expect(input).toMatchObject({ workerHost, sink, secretStore });

    // No window: a dialog of its own; with one: modal to it.
    await input.dialogs.chooseConfigFile();
    expect(dialog.showOpenDialog.mock.calls[0]).toHaveLength(1);
    const window = { isDestroyed: () => false };
    state.dialogParent = window as never;
    await input.dialogs.chooseConfigFile();
    expect(dialog.showOpenDialog.mock.calls[1]![0]).toBe(window);
  });
});
