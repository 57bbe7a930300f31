// The worker's side of the pipe to the supervisor, the same under Electron's utilityProcess
// (`process.parentPort`) and Node's child_process.fork (`process.send`).

import type { WorkerMessage } from '../shared/types/engine-types';

export interface WorkerChannel {
  send(message: WorkerMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  /** The parent went away (fork: the IPC channel closed). The worker must not outlive it. */
  onParentGone(listener: () => void): void;
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

export function parentChannel(proc: NodeJS.Process = process): WorkerChannel {
  const port = (proc as NodeJS.Process & { parentPort?: ElectronParentPort }).parentPort;
  if (port) {
    return {
      send: (message) => port.postMessage(message),
      onMessage: (listener) => port.on('message', (event) => listener(event.data)),
      // Electron ends utility processes with the app; there is no channel-closed event to watch.
      onParentGone: () => undefined,
    };
  }
  if (!proc.send) throw new Error('engine worker: no parent channel (start it with utilityProcess or fork)');
  return {
    send: (message) => {
      if (proc.connected) proc.send?.(message);
    },
    onMessage: (listener) => proc.on('message', listener),
    onParentGone: (listener) => proc.on('disconnect', listener),
  };
}
