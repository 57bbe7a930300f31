// Open tunnels and their byte counts, reported as events: opened, updated (at most once per interval
// while bytes flow), closed. Counting is two additions per chunk; the events come from one timer that
// runs only while a tunnel is open.
import type { EngineEvent, TunnelInfo } from './engine-types';

export class TunnelHandle {
  bytesIn = 0;
  bytesOut = 0;
  private reported = { in: 0, out: 0 };
  closed = false;

  constructor(
    readonly id: string,
    readonly protocol: 'tcp' | 'udp',
    readonly target: string,
    readonly openedAt: number,
    private readonly registry: TunnelRegistry,
  ) {}

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

  /** True when bytes moved since the last report (and marks them reported). */
  takeDirty(): boolean {
    if (this.reported.in === this.bytesIn && this.reported.out === this.bytesOut) return false;
    this.reported = { in: this.bytesIn, out: this.bytesOut };
    return true;
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.registry.closed(this, reason);
  }
}

export class TunnelRegistry {
  private readonly open = new Map<string, TunnelHandle>();
  private counter = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly emit: (event: EngineEvent) => void,
    private readonly updateIntervalMs: number,
  ) {}

  create(protocol: 'tcp' | 'udp', target: string): TunnelHandle {
    const handle = new TunnelHandle(`t${++this.counter}`, protocol, target, Date.now(), this);
    this.open.set(handle.id, handle);
    this.emit({ type: 'tunnel-opened', tunnel: handle.info() });
    if (!this.timer) {
      this.timer = setInterval(() => this.reportUpdates(), this.updateIntervalMs);
      this.timer.unref();
    }
    return handle;
  }

  list(): TunnelInfo[] {
    return [...this.open.values()].map((h) => h.info());
  }

  get size(): number {
    return this.open.size;
  }

  closed(handle: TunnelHandle, reason: string): void {
    this.open.delete(handle.id);
    this.emit({ type: 'tunnel-closed', tunnel: handle.info(Date.now(), reason) });
    if (this.open.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private reportUpdates(): void {
    for (const handle of this.open.values()) {
      if (handle.takeDirty()) this.emit({ type: 'tunnel-updated', tunnel: handle.info() });
    }
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
