// A start that fails must not leave a process with no window and no tray holding the single-instance
// lock (every later launch would only wake it, and nothing would show): say what failed and where the
// log is, stop an engine that was already started, give the lock back and exit with 1.
import type { App, Dialog } from 'electron';
import { PRODUCT_NAME } from '../app-identity';
import type { DesktopState } from './desktop-state';
import type { StartupFailure } from './startup-steps';

/** How long a failed start waits for an engine it already started to stop. */
const ENGINE_STOP_WAIT_MS = 5_000;

export interface StartFailureApis {
  app: Pick<App, 'releaseSingleInstanceLock' | 'exit'>;
  dialog: Pick<Dialog, 'showErrorBox'>;
}

export async function failStart(e: StartFailureApis, state: DesktopState, failure: StartupFailure): Promise<void> {
  state.quitting = true;
  const logDir = state.sink?.file.directory ?? null;
  // Whatever goes wrong while cleaning up, the user is told and the lock is given back.
  try {
    const cause =
      failure.error instanceof Error ? (failure.error.stack ?? failure.error.message) : String(failure.error);
    state.log('error', `the app could not start: ${failure.step} failed: ${cause}`);
    await stopEngine(state);
    state.tray?.dispose();
    state.tray = null;
    await state.sink?.close().catch(() => undefined);
    state.sink = null;
  } finally {
    try {
      e.dialog.showErrorBox(`${PRODUCT_NAME} could not start`, failureText(failure, logDir));
    } finally {
      e.app.releaseSingleInstanceLock();
      e.app.exit(1);
    }
  }
}

/** What the error dialog says: the step, the error, and where to look for more. */
export function failureText(failure: StartupFailure, logDir: string | null): string {
  const message = failure.error instanceof Error ? failure.error.message : String(failure.error);
  const where = logDir
    ? `The log is in ${logDir}.`
    : 'No log file could be opened: start the app from a terminal to see its output.';
  const step = failure.step.charAt(0).toUpperCase() + failure.step.slice(1);
  return `${step} failed: ${message}\n\n${where}`;
}

async function stopEngine(state: DesktopState): Promise<void> {
  const engine = state.engine;
  state.engine = null;
  if (!engine) return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ENGINE_STOP_WAIT_MS);
    timer.unref();
  });
  await Promise.race([
    engine.stop().catch((err: unknown) => state.log('error', `stopping the engine: ${String(err)}`)),
    timeout,
  ]);
  clearTimeout(timer);
}
