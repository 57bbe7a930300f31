// conf and electron-store write through `atomically`, whose `when-exit` dependency hooks SIGINT, SIGTERM,
// SIGHUP and a dozen more signals when it is imported and, after its clean-up, sends the same signal to
// this process again. A process that handles those signals itself (`rport-tray run`: SIGTERM = stop
// cleanly, SIGHUP = retry; the desktop app: quit cleanly) would see every signal twice, and the echo of a
// SIGTERM reads as "stop now". This imports such a module and removes the signal listeners the import
// added; `exit` hooks (temp-file clean-up) stay.
import { constants as osConstants } from 'node:os';

const SIGNALS = Object.keys(osConstants.signals) as NodeJS.Signals[];

export async function importWithoutSignalHooks<T>(load: () => Promise<T>): Promise<T> {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const loaded = await load();
  for (const signal of SIGNALS) {
    const had = before.get(signal);
    for (const listener of process.listeners(signal)) {
      if (!had?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return loaded;
}
