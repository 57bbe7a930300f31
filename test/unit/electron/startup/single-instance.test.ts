// One copy of the app: a second one quits at once; a second launch shows the first one's window, or
// has it shown once the window exists.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { DesktopState } from '../../../../main/electron/startup/desktop-state';
import { setupSingleInstance } from '../../../../main/electron/startup/single-instance';

const fakeApp = (lock: boolean) =>
  Object.assign(new EventEmitter(), { requestSingleInstanceLock: vi.fn(() => lock), quit: vi.fn() });

describe('setupSingleInstance', () => {
  it('quits a second instance', () => {
    const app = fakeApp(false);
    expect(setupSingleInstance(app as never, new DesktopState())).toBe(false);
    expect(app.quit).toHaveBeenCalled();
    expect(app.listenerCount('second-instance')).toBe(0);
  });

  it('shows the window on a second launch, or remembers to once it exists', () => {
    const app = fakeApp(true);
    const state = new DesktopState();
    expect(setupSingleInstance(app as never, state)).toBe(true);
    app.emit('second-instance');
    expect(state.showWhenReady).toBe(true);
    const show = vi.fn();
    state.windows = { show } as never;
    app.emit('second-instance');
    expect(show).toHaveBeenCalledTimes(1);
  });
});
