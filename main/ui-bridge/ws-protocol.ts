// The headless WebSocket protocol: JSON frames carrying the contract's requests, outcomes and events.
// Both ends use this file: the server (ws-session.ts, web-ui-server.ts) and the renderer's WebSocket
// client (renderer/src/client/ws-client.ts), so it imports only the contract and its zod (eslint.config.js
// gives it an element type of its own that the renderer may import).
import * as z from '../shared/contract/zod-mini';
import { MAX_CONFIG_TEXT_BYTES, type EventMessage, type RequestOutcome } from '../shared/contract';

/** WebSocket path of the headless bridge. */
export const WS_PATH = '/ws';

/** Longest WebSocket frame either side accepts. */
export const MAX_WS_MESSAGE_BYTES = 2 * MAX_CONFIG_TEXT_BYTES + 64 * 1024;

export const wsClientMessageSchema = z.strictObject({
  kind: z.literal('request'),
  id: z.int().check(z.minimum(0), z.maximum(Number.MAX_SAFE_INTEGER)),
  name: z.string().check(z.maxLength(64)),
  params: z.optional(z.unknown()),
});
export type WsClientMessage = z.infer<typeof wsClientMessageSchema>;

export type WsServerMessage =
  | { kind: 'hello'; contractVersion: number }
  | { kind: 'response'; id: number | null; outcome: RequestOutcome<unknown> }
  | ({ kind: 'event' } & EventMessage);

/** The outer frame only: a response's outcome and an event's body are checked by the contract's own
 *  parseOutcome and parseEventMessage, which name the request or field that is wrong. */
export const wsServerMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('hello'), contractVersion: z.int() }),
  z.object({ kind: z.literal('response'), id: z.nullable(z.int()), outcome: z.unknown() }),
  z.object({ kind: z.literal('event'), seq: z.int().check(z.minimum(1)), event: z.unknown() }),
]);
