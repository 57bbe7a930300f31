// Recent keep-alive round trips for the latency chart. A sample is taken only from a real ping (or the
// connect itself), never from a timer, so gaps in the chart are real gaps.
import type { LatencySample } from '../../shared/contract';
import { RingBuffer } from './ring-buffer';

export class LatencyHistory {
  private readonly samples: RingBuffer<LatencySample>;

  constructor(capacity = 120) {
    this.samples = new RingBuffer(capacity);
  }

  add(sample: LatencySample): void {
    this.samples.push(sample);
  }

  list(): LatencySample[] {
    return this.samples.toArray();
  }
}
