// Quit: the engine stopped first (bounded by a timeout), then the tray and the log, then the quit.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { DesktopState } from '../../../../main/electron/startup/desktop-state';
import { setupQuit } from '../../../../main/electron/startup/quit';
import { fakeSink } from '../../run/fake-log-sink';

function setup(stop: () => Promise<void>, timeoutMs = 1_000) {
  const app = Object.assign(new EventEmitter(), { quit: vi.fn() });
  const state = new DesktopState();
  state.sink = fakeSink().sink;
  state.engine = {
    core: {} as never,
    start: vi.fn(),
    stop: vi.fn(stop),
    setRemoteCommandsBlocked: vi.fn(),
    onSystemResume: vi.fn(),
  };
  const tray = { update: vi.fn(), dispose: vi.fn() };
  state.tray = tray;
  setupQuit(app as never, state, timeoutMs);
  return { app, state, tray };
}

describe('setupQuit', () => {
  it('holds the quit until the engine stopped, then lets it through once', async () => {
    const t = setup(async () => {});
    const first = { preventDefault: vi.fn() };
    const sink = t.state.sink!;
    t.app.emit('before-quit', first);
    expect(first.preventDefault).toHaveBeenCalled();
    t.app.emit('before-quit', { preventDefault: vi.fn() });
    expect(t.state.engine!.stop).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(t.app.quit).toHaveBeenCalledTimes(1));
    expect(t.tray.dispose).toHaveBeenCalled();
    expect(sink.close).toHaveBeenCalled();
    const last = { preventDefault: vi.fn() };
    t.app.emit('before-quit', last);
    expect(last.preventDefault).not.toHaveBeenCalled();
  });

  it('quits after the timeout when the engine does not stop', async () => {
    const t = setup(() => new Promise<void>(() => {}), 50);
    t.app.emit('before-quit', { preventDefault: vi.fn() });
    await vi.waitFor(() => expect(t.app.quit).toHaveBeenCalled());
  });
});
