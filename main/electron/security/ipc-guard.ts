// Every IPC request is checked twice before main acts on it: who sent it (the top frame of one of our
// windows, showing an app:// page) and what it holds (the contract's zod schemas, via parseRequest).
// Anything else is refused and logged, never thrown into the main process. Errors cross back as data.

import { parseRequest, type ContractError, type RequestName, type RequestOutcome } from '../../shared/contract';
import { isAppUrl } from './renderer-origin';

/** The parts of Electron's IpcMainInvokeEvent we look at. */
export interface IpcSenderInfo {
  senderFrame: { url: string; parent: unknown } | null;
  sender: { id: number };
}

export type SenderVerdict = { ok: true } | { ok: false; reason: string };

export function checkSender(event: IpcSenderInfo, isOurWebContents: (id: number) => boolean): SenderVerdict {
  const frame = event.senderFrame;
  // A null frame has navigated away or been destroyed since it sent the message.
  if (!frame) return { ok: false, reason: 'the sending frame is gone' };
  if (frame.parent) return { ok: false, reason: 'sent from a subframe' };
  if (!isAppUrl(frame.url))
    return { ok: false, reason: `sent from a page that is not the app (${originOf(frame.url)})` };
  if (!isOurWebContents(event.sender.id)) return { ok: false, reason: 'sent from a window the app did not open' };
  return { ok: true };
}

export interface IpcRequestOptions {
  isOurWebContents(id: number): boolean;
  /** Runs a checked request (the app core). Its params have passed the contract's schema. */
  dispatch(name: RequestName, params: unknown): Promise<RequestOutcome<unknown>>;
  /** Told about each refused message, with why; never with the payload (it may hold a password). */
  onRejected?(name: string, reason: string): void;
}

export const UNTRUSTED_SENDER: ContractError = { code: 'invalid-request', message: 'refused: untrusted sender' };

/** The `ipcMain.handle` listener for one request channel. */
export function ipcRequestHandler(
  name: RequestName,
  options: IpcRequestOptions,
): (event: IpcSenderInfo, params?: unknown) => Promise<RequestOutcome<unknown>> {
  return async (event, params) => {
    const sender = checkSender(event, options.isOurWebContents);
    if (!sender.ok) {
      options.onRejected?.(name, sender.reason);
      return { ok: false, error: UNTRUSTED_SENDER };
    }
    const parsed = parseRequest(name, params);
    if (!parsed.ok) {
      options.onRejected?.(name, parsed.error.message);
      return { ok: false, error: parsed.error };
    }
    try {
      return await options.dispatch(parsed.name, parsed.params);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, error: { code: 'internal', message } };
    }
  };
}

function originOf(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.origin === 'null' ? parsed.protocol : parsed.origin;
  } catch {
    return 'unparsable URL';
  }
}
