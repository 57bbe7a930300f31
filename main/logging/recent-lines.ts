// The last N log lines in memory, for the window's log view: bounded, because the app runs for months.

import type { LogLine } from '../shared/types/engine-types';

export class RecentLines {
  private lines: LogLine[] = [];

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
  }

  push(line: LogLine): void {
    this.lines.push(line);
    // Trimming in batches keeps push cheap instead of shifting the array on every line.
    if (this.lines.length >= this.capacity * 2) this.lines = this.lines.slice(-this.capacity);
  }

  /** Oldest first. */
  toArray(): LogLine[] {
    return this.lines.slice(-this.capacity);
  }
}
