// A bounded list that drops its oldest items: logs, timeline and latency history must not grow for ever
// in an app that runs for months.
export class RingBuffer<T> {
  private items: T[] = [];

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
  }

  push(item: T): void {
    this.items.push(item);
    // Trimming in batches keeps push O(1) amortised instead of shifting on every call.
    if (this.items.length > this.capacity * 1.25) this.items = this.items.slice(-this.capacity);
  }

  toArray(): T[] {
    return this.items.length > this.capacity ? this.items.slice(-this.capacity) : this.items.slice();
  }

  get size(): number {
    return Math.min(this.items.length, this.capacity);
  }

  clear(): void {
    this.items = [];
  }
}
