// Every IPC message is checked twice before main acts on it: who sent it (the top frame of one of our
// windows, showing an app:// page) and what it holds (the contract's zod schema). Anything else is
// refused and logged, never thrown into the main process. Errors cross back as data.

import type { z } from 'zod';
import { isAppUrl } from './renderer-origin';

/** The parts of Electron's IpcMainInvokeEvent / IpcMainEvent we look at. */
export interface IpcSenderInfo {
  senderFrame: { url: string; parent: unknown } | null;
  sender: { id: number };
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: string };

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

/** A short path + message for the first schema problems, never the payload itself (it may hold secrets). */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(payload)'}: ${issue.message}`)
    .join('; ');
}

export interface GuardOptions {
  isOurWebContents(id: number): boolean;
  /** Told about each refused message; gets no payload. */
  onRejected?(channel: string, reason: string): void;
}

/**
 * Wraps an invoke handler: sender check, payload validation, and errors turned into data. The result is
 * always an IpcResult so the renderer never sees an Electron-serialised Error with a main-side stack.
 */
export function guardInvoke<S extends z.ZodType, R>(
  channel: string,
  schema: S,
  handler: (payload: z.infer<S>) => Promise<R> | R,
  options: GuardOptions,
): (event: IpcSenderInfo, payload: unknown) => Promise<IpcResult<R>> {
  return async (event, payload) => {
    const sender = checkSender(event, options.isOurWebContents);
    if (!sender.ok) {
      options.onRejected?.(channel, sender.reason);
      return { ok: false, error: 'refused: untrusted sender' };
    }
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const reason = `invalid payload: ${describeZodError(parsed.error)}`;
      options.onRejected?.(channel, reason);
      return { ok: false, error: reason };
    }
    try {
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  };
}

function originOf(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.origin === 'null' ? `${parsed.protocol}` : parsed.origin;
  } catch {
    return 'unparsable URL';
  }
}
