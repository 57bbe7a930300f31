// The two reply shapes of §5.1: success carries the JSON of the response (Go sends `null` for no value),
// failure carries the bare error text, which rportd shows as `client error: <text>`.
import type { RequestReply } from '../../server-session';

export const replyJson = (value: unknown): RequestReply => ({
  ok: true,
  payload: Buffer.from(JSON.stringify(value ?? null)),
});

export const replyFailure = (text: string): RequestReply => ({ ok: false, payload: Buffer.from(text) });

/** The error text of anything thrown, for a failure reply or a log line. */
export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
