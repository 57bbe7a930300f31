// Engine worker entry (placeholder until the engine and supervisor issues land): one file for both
// Electron utilityProcess (process.parentPort) and Node child_process.fork (process.send).
import type { WorkerMessage } from './engine-types';
import { APP_VERSION } from '../shared/app-version';

const send = (message: WorkerMessage): void => {
  const port = (process as NodeJS.Process & { parentPort?: { postMessage(m: unknown): void } }).parentPort;
  if (port) port.postMessage(message);
  else process.send?.(message);
};

send({ type: 'ready', pid: process.pid, version: APP_VERSION });
