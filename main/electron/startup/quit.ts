// Quit stops the engine cleanly first (ask, then SIGKILL after a grace: the supervisor's job), bounded by
// a timeout, then removes the tray icon, closes the log and lets the quit go through.
import type { App } from 'electron';
import type { DesktopState } from './desktop-state';

export function setupQuit(app: App, state: DesktopState, timeoutMs = 10_000): void {
  app.on('before-quit', (event) => {
    if (state.stopped) return;
    event.preventDefault();
    if (state.quitting) return;
    state.quitting = true;
    const stop = state.engine ? state.engine.stop() : Promise.resolve();
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
    void Promise.race([
      stop.catch((err: unknown) => state.log('error', `stopping the engine failed: ${String(err)}`)),
      timeout,
    ])
      .then(async () => {
        state.tray?.dispose();
        state.tray = null;
        await state.sink?.close().catch(() => undefined);
      })
      .finally(() => {
        state.stopped = true;
        app.quit();
      });
  });
}
