// Fans contract events out to the windows (Electron IPC, WebSocket clients) with a sequence number, so a
// window that loads a snapshot can drop the events already folded into it.
import type { ContractEvent, EventMessage } from '../../shared/contract';

export type EventListener = (message: EventMessage) => void;

export class EventHub {
  private seq = 0;
  private readonly listeners = new Set<EventListener>();

  constructor(
    private readonly prepare: (event: ContractEvent) => ContractEvent,
    private readonly onListenerError: (err: unknown) => void = () => {},
  ) {}

  get lastSeq(): number {
    return this.seq;
  }

  emit(event: ContractEvent): void {
    this.seq += 1;
    const message: EventMessage = { seq: this.seq, event: this.prepare(event) };
    for (const listener of [...this.listeners]) {
      try {
        listener(message);
      } catch (err) {
        // One broken window must not stop the others (or the core) from getting events.
        this.onListenerError(err);
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
