// Open tunnels and their byte counts, reported as events: opened, updated (at most once per interval
// per tunnel, and only while bytes flow), closed. Counting is an addition and a flag test per chunk;
// the first chunk after a report arms ONE shared one-shot timer, so idle tunnels (and an engine with
// none) cost no timer, no wake-up and no event. Every chunk also tells V8's young-generation sizer that
// tunnel data moved (young-generation.ts: an addition and a test too).
import type { EngineEvent, TunnelInfo } from '../shared/types/engine-types';
import { youngGeneration } from './young-generation';

export class TunnelHandle {
  bytesIn = 0;
  bytesOut = 0;
  closed = false;
  /** Bytes moved since the last `tunnel-updated`; the registry's pending report includes this tunnel. */
  dirty = false;

  constructor(
    readonly id: string,
    readonly protocol: 'tcp' | 'udp',
    readonly target: string,
    readonly openedAt: number,
    private readonly registry: TunnelRegistry,
  ) {}

  /** Bytes from the server to the target. */
  countIn(bytes: number): void {
    this.bytesIn += bytes;
    youngGeneration.chunkMoved();
    if (!this.dirty) this.registry.markDirty(this);
  }

  /** Bytes from the target back to the server. */
  countOut(bytes: number): void {
    this.bytesOut += bytes;
    youngGeneration.chunkMoved();
    if (!this.dirty) this.registry.markDirty(this);
  }

  info(closedAt: number | null = null, closeReason: string | null = null): TunnelInfo {
    return {
      id: this.id,
      protocol: this.protocol,
      target: this.target,
      openedAt: this.openedAt,
      closedAt,
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
      closeReason,
    };
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.registry.closed(this, reason);
  }
}

export class TunnelRegistry {
  private readonly open = new Map<string, TunnelHandle>();
  private readonly dirty = new Set<TunnelHandle>();
  private counter = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly report = (): void => this.reportUpdates();

  constructor(
    private readonly emit: (event: EngineEvent) => void,
    private readonly updateIntervalMs: number,
  ) {}

  create(protocol: 'tcp' | 'udp', target: string): TunnelHandle {
    const handle = new TunnelHandle(`t${++this.counter}`, protocol, target, Date.now(), this);
    this.open.set(handle.id, handle);
    this.emit({ type: 'tunnel-opened', tunnel: handle.info() });
    return handle;
  }

  list(): TunnelInfo[] {
    return [...this.open.values()].map((h) => h.info());
  }

  markDirty(handle: TunnelHandle): void {
    if (handle.closed) return;
    handle.dirty = true;
    this.dirty.add(handle);
    if (!this.timer) {
      this.timer = setTimeout(this.report, this.updateIntervalMs);
      this.timer.unref();
    }
  }

  closed(handle: TunnelHandle, reason: string): void {
    this.open.delete(handle.id);
    // The closed event carries the final counts; no update is owed for this tunnel any more.
    handle.dirty = false;
    this.dirty.delete(handle);
    this.emit({ type: 'tunnel-closed', tunnel: handle.info(Date.now(), reason) });
    if (this.dirty.size === 0) this.cancelReport();
  }

  private reportUpdates(): void {
    this.timer = null;
    const due = [...this.dirty];
    this.dirty.clear();
    for (const handle of due) {
      handle.dirty = false;
      this.emit({ type: 'tunnel-updated', tunnel: handle.info() });
    }
  }

  private cancelReport(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  dispose(): void {
    this.cancelReport();
    for (const handle of this.dirty) handle.dirty = false;
    this.dirty.clear();
  }
}
