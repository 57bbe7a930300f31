// One copy of the app: a second launch only wakes the first one (which shows its window) and leaves.
import type { App } from 'electron';
import type { DesktopState } from './desktop-state';

/** False in a second instance, which is quitting. */
export function setupSingleInstance(app: App, state: DesktopState): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => {
    if (state.windows) state.windows.show();
    else state.showWhenReady = true;
  });
  return true;
}
