// The live tunnel list: open streams plus the most recently closed ones (so a short-lived stream is still
// visible for a while after it ended).
import type { TunnelInfo } from '../../shared/types/engine-types';

const KEEP_CLOSED = 50;

export class TunnelList {
  private readonly tunnels = new Map<string, TunnelInfo>();

  /** Records an opened, updated or closed tunnel. */
  apply(tunnel: TunnelInfo): void {
    this.tunnels.delete(tunnel.id);
    this.tunnels.set(tunnel.id, { ...tunnel });
    this.trimClosed();
  }

  /** The engine process ended: its tunnels are gone with it. Returns true when the list changed. */
  closeAll(at: number, reason: string): boolean {
    let changed = false;
    for (const [id, tunnel] of this.tunnels) {
      if (tunnel.closedAt === null) {
        this.tunnels.set(id, { ...tunnel, closedAt: at, closeReason: reason });
        changed = true;
      }
    }
    return changed;
  }

  /** Open tunnels first (newest first), then closed ones (most recently closed first). */
  list(): TunnelInfo[] {
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
