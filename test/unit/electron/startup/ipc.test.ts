// One guarded IPC handler per request: our window's app:// frame reaches the core, anything else is
// refused and logged.
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { REQUEST_NAMES, requestChannel } from '../../../../main/shared/contract';
import { setupIpc } from '../../../../main/electron/startup/ipc';
import { fakeCore } from '../desktop-fakes';

describe('setupIpc', () => {
  it('registers every request and lets only our window through', async () => {
    const handlers = new Map<string, (event: unknown, params?: unknown) => Promise<unknown>>();
    const ipcMain = { handle: vi.fn((channel: string, fn: never) => void handlers.set(channel, fn)) };
    const { core } = fakeCore();
    const log = vi.fn();
    setupIpc(ipcMain as never, { isOurWebContents: (id) => id === 3 }, core, log);
    expect([...handlers.keys()].sort()).toEqual(REQUEST_NAMES.map(requestChannel).sort());

    const pause = handlers.get(requestChannel('pause'))!;
    const frame = { url: 'app://rport-tray/index.html', parent: null };
    expect(await pause({ senderFrame: frame, sender: { id: 4 } })).toMatchObject({ ok: false });
    expect(core.handle).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith('warn', expect.stringMatching(/^refused IPC pause: /));
    await pause({ senderFrame: frame, sender: { id: 3 } });
    expect(core.handle).toHaveBeenCalledWith('pause', undefined);
  });
});
