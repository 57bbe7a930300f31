// Replies to the server's want-reply requests must go out exactly once each and in the order the
// requests arrived (docs/protocol.md §5.1: Go's mux matches replies FIFO; a missing or extra reply
// desynchronises every later request). Handlers finish in any order, so each request reserves a slot
// and replies leave only from the head of the queue.

export interface ReplySlot {
  readonly name: string;
}

interface SlotState extends ReplySlot {
  done: boolean;
  ok: boolean;
  payload: Buffer | null;
}

export class OrderedReplies {
  private readonly queue: SlotState[] = [];

  constructor(private readonly send: (ok: boolean, payload: Buffer | null) => void) {}

  reserve(name: string): ReplySlot {
    const slot: SlotState = { name, done: false, ok: false, payload: null };
    this.queue.push(slot);
    return slot;
  }

  /** Completes a slot; a second completion of the same slot is ignored (never a double reply). */
  complete(slot: ReplySlot, ok: boolean, payload: Buffer | null): void {
    const state = slot as SlotState;
    if (state.done) return;
    state.done = true;
    state.ok = ok;
    state.payload = payload;
    while (this.queue.length > 0 && this.queue[0]?.done) {
      const head = this.queue.shift() as SlotState;
      this.send(head.ok, head.payload);
    }
  }

  get outstanding(): number {
    return this.queue.length;
  }
}
