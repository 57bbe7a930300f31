// Connects the ssh2 hooks of a freshly dialled transport to whoever will own the connection. The hooks
// must be installed right after `client.connect()` (before any byte is read), but the owner — the
// session that sends `new_connection` — exists only once the dial finished; a switchback probe may even
// hold a dialled transport for a while. Anything that arrives in between is queued and replayed in order.
import type { ClientProtocolHooks, IncomingChannelOpen } from './ssh2-hooks';

type QueuedEvent =
  | { kind: 'success'; payload: Buffer | null }
  | { kind: 'failure'; payload: Buffer | null }
  | { kind: 'request'; name: string; wantReply: boolean; payload: Buffer | null }
  | { kind: 'channel'; info: IncomingChannelOpen };

export class HookRouter implements ClientProtocolHooks {
  private target: ClientProtocolHooks | null = null;
  private queue: QueuedEvent[] = [];

  setTarget(target: ClientProtocolHooks): void {
    this.target = target;
    const queued = this.queue;
    this.queue = [];
    for (const event of queued) this.dispatch(event);
  }

  private dispatch(event: QueuedEvent): void {
    const t = this.target;
    if (!t) {
      this.queue.push(event);
      return;
    }
    switch (event.kind) {
      case 'success':
        return t.onRequestSuccess(event.payload);
      case 'failure':
        return t.onRequestFailure(event.payload);
      case 'request':
        return t.onGlobalRequest(event.name, event.wantReply, event.payload);
      case 'channel':
        return t.onRportChannelOpen(event.info);
    }
  }

  onRequestSuccess(payload: Buffer | null): void {
    this.dispatch({ kind: 'success', payload });
  }

  onRequestFailure(payload: Buffer | null): void {
    this.dispatch({ kind: 'failure', payload });
  }

  onGlobalRequest(name: string, wantReply: boolean, payload: Buffer | null): void {
    this.dispatch({ kind: 'request', name, wantReply, payload });
  }

  onRportChannelOpen(info: IncomingChannelOpen): void {
    this.dispatch({ kind: 'channel', info });
  }
}
