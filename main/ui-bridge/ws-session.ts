// One WebSocket client of the web UI: every frame is checked against the contract before it reaches
// the app, answers go back with the request's id, and events are pushed as they happen.
import type { WebSocket } from 'ws';
import { CONTRACT_VERSION, describeIssues, type EventMessage, type RequestOutcome } from '../shared/contract';
import { wsClientMessageSchema, type WsServerMessage } from './ws-protocol';
import type { UiBackend } from './ui-backend';

/** Requests one client may have running at once; more are refused, not queued without bound. */
const MAX_IN_FLIGHT = 16;
/** A client that cannot keep up with events is dropped before its buffer eats the app's memory. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export function attachWsSession(socket: WebSocket, backend: UiBackend, onError: (message: string) => void): void {
  let inFlight = 0;
  const send = (message: WsServerMessage): void => {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      socket.close(1013, 'too slow');
      return;
    }
    socket.send(JSON.stringify(message));
  };
  const reply = (id: number | null, outcome: RequestOutcome<unknown>): void => send({ kind: 'response', id, outcome });
  const refuse = (id: number | null, message: string): void =>
    reply(id, { ok: false, error: { code: 'invalid-request', message } });

  const unsubscribe = backend.onEvent((message: EventMessage) => send({ kind: 'event', ...message }));
  socket.on('close', unsubscribe);
  socket.on('error', (err) => onError(`web UI socket error: ${err.message}`));

  socket.on('message', (data, isBinary) => {
    if (isBinary) return refuse(null, 'binary frames are not part of the contract');
    let json: unknown;
    try {
      json = JSON.parse(data.toString());
    } catch {
      return refuse(null, 'the frame is not JSON');
    }
    const parsed = wsClientMessageSchema.safeParse(json);
    if (!parsed.success) {
      const id = typeof (json as { id?: unknown })?.id === 'number' ? (json as { id: number }).id : null;
      return refuse(id, `invalid frame: ${describeIssues(parsed.error)}`);
    }
    const { id, name, params } = parsed.data;
    if (inFlight >= MAX_IN_FLIGHT) return refuse(id, 'too many requests at once');
    inFlight += 1;
    backend
      .handle(name, params)
      .catch((err: unknown) => ({
        ok: false as const,
        error: { code: 'internal' as const, message: err instanceof Error ? err.message : String(err) },
      }))
      .then((outcome) => reply(id, outcome))
      .finally(() => {
        inFlight -= 1;
      });
  });

  send({ kind: 'hello', contractVersion: CONTRACT_VERSION });
}
