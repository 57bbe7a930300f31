// The live tunnel list: open streams plus the most recently closed ones (so a short-lived stream is still
// visible for a while after it ended), with the rate each way of the open ones.
//
// The engine numbers its streams per process (t1, t2, …): a new engine process (a restart, a new config)
// starts again at t1. The list scopes each id by the process it came from, so a restart cannot overwrite
// the history of the streams before it.
import type { TunnelView } from '../../shared/contract';
import type { TunnelInfo } from '../../shared/types/engine-types';

const KEEP_CLOSED = 50;
/** A rate is bytes over at least this long: the engine reports at most once a second while bytes flow. */
const MIN_RATE_WINDOW_MS = 1000;

export class TunnelList {
  private readonly tunnels = new Map<string, TunnelView>();
  private generation = 1;

  /** A new engine process starts: its stream ids are new ones even where they repeat the old ones. */
  newEngineProcess(): void {
    this.generation += 1;
  }

  /** Records an opened, updated or closed tunnel; returns it as the window gets it. */
  apply(tunnel: TunnelInfo, at: number): TunnelView {
    const id = `${this.generation}.${tunnel.id}`;
    const previous = this.tunnels.get(id);
    const open = tunnel.closedAt === null;
    const rate = (bytes: number, before: number): number | null => {
      if (!previous?.updatedAt || !open) return null;
      return Math.max(0, bytes - before) / (Math.max(MIN_RATE_WINDOW_MS, at - previous.updatedAt) / 1000);
    };
    const view: TunnelView = {
      ...tunnel,
      id,
      updatedAt: at,
      rateIn: rate(tunnel.bytesIn, previous?.bytesIn ?? 0),
      rateOut: rate(tunnel.bytesOut, previous?.bytesOut ?? 0),
    };
    this.tunnels.delete(id);
    this.tunnels.set(id, view);
    this.trimClosed();
    return view;
  }

  /** The engine process ended: its tunnels are gone with it. Returns true when the list changed. */
  closeAll(at: number, reason: string): boolean {
    let changed = false;
    for (const [id, tunnel] of this.tunnels) {
      if (tunnel.closedAt === null) {
        this.tunnels.set(id, { ...tunnel, closedAt: at, closeReason: reason, rateIn: null, rateOut: null });
        changed = true;
      }
    }
    this.newEngineProcess();
    return changed;
  }

  /** Open tunnels first (newest first), then closed ones (most recently closed first). */
  list(): TunnelView[] {
    const all = [...this.tunnels.values()];
    const open = all.filter((t) => t.closedAt === null).sort((a, b) => b.openedAt - a.openedAt);
    const closed = all.filter((t) => t.closedAt !== null).sort((a, b) => (b.closedAt ?? 0) - (a.closedAt ?? 0));
    return [...open, ...closed];
  }

  private trimClosed(): void {
    const closed = [...this.tunnels.values()].filter((t) => t.closedAt !== null);
    if (closed.length <= KEEP_CLOSED) return;
    closed.sort((a, b) => (a.closedAt ?? 0) - (b.closedAt ?? 0));
    for (const tunnel of closed.slice(0, closed.length - KEEP_CLOSED)) this.tunnels.delete(tunnel.id);
  }
}
