// The state timeline: state changes, server changes, watchdog restarts and user actions, newest last.
import type { EngineStateName, TimelineEntry } from '../../shared/contract';
import { RingBuffer } from './ring-buffer';

export class Timeline {
  private nextId = 0;
  private readonly entries: RingBuffer<TimelineEntry>;

  constructor(capacity = 200) {
    this.entries = new RingBuffer(capacity);
  }

  add(kind: TimelineEntry['kind'], text: string, at: number, state: EngineStateName | null = null): TimelineEntry {
    const entry: TimelineEntry = { id: this.nextId++, at, kind, state, text };
    this.entries.push(entry);
    return entry;
  }

  list(): TimelineEntry[] {
    return this.entries.toArray();
  }
}
