// Whether the server has let go of a connection we gave up on (docs/protocol.md §3.5, §6.6.1).
//
// rportd keeps a client's session, and its tunnel listeners, until the TCP connection under it closes.
// When the engine drops a connection itself (a keep-alive timeout on a congested link, a switch), our
// FIN can take a while to reach rportd, and resuming the session before it has would make rportd forget
// the session's tunnels. So a connection the engine closes is ended gracefully (FIN) and kept reading
// until the server closes its side too — which rportd does only after it has ended the session — or
// until a cap; `released` settles when that happens.
import type { Socket } from 'node:net';

/** The raw socket as far as the watch needs it (a TCP or TLS socket under the WebSocket). */
export type WatchedSocket = Pick<Socket, 'once' | 'on' | 'end' | 'destroy' | 'resume' | 'destroyed'> & {
  readonly readableEnded?: boolean;
};

/** How a watched connection ended: the server closed it, or we cut it (cap reached, or never armed). */
export type ReleaseOutcome = 'server-closed' | 'cut';

// A reset or broken pipe means the peer's side is gone, as surely as a FIN.
const PEER_GONE_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

export class SocketCloseWatch {
  /** Settles once the connection is gone, with who ended it. */
  readonly released: Promise<ReleaseOutcome>;
  private outcome: ReleaseOutcome | null = null;
  private settle!: (outcome: ReleaseOutcome) => void;
  private lingerMs = 0;
  private lingerTimer: NodeJS.Timeout | null = null;

  constructor(private readonly socket: WatchedSocket | null) {
    this.released = new Promise((resolve) => (this.settle = resolve));
    if (!socket || socket.destroyed) {
      this.finish('cut');
      return;
    }
    if (socket.readableEnded) this.finish('server-closed');
    socket.once('end', () => this.finish('server-closed'));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (PEER_GONE_CODES.has(error.code ?? '')) this.finish('server-closed');
    });
    socket.once('close', () => this.finish('cut'));
  }

  /** Settled already: the server closed it, or it was cut. */
  get settled(): ReleaseOutcome | null {
    return this.outcome;
  }

  /** From now on, `close()` ends gracefully and keeps the socket up to `ms` for the server's close. */
  lingerOnClose(ms: number): void {
    this.lingerMs = Math.max(0, ms);
  }

  get lingers(): boolean {
    return this.lingerMs > 0 && this.outcome === null;
  }

  /**
   * Ends our side (FIN after what is queued) and keeps reading, discarding, until the server ends its
   * side or the linger cap passes; then the socket is destroyed.
   */
  closeLingering(): void {
    const socket = this.socket;
    if (!socket || this.outcome !== null || this.lingerTimer) return;
    this.lingerTimer = setTimeout(() => this.cut(), this.lingerMs);
    this.lingerTimer.unref();
    void this.released.then(() => {
      if (this.lingerTimer) clearTimeout(this.lingerTimer);
      if (!socket.destroyed) socket.destroy();
    });
    socket.resume();
    socket.end();
  }

  /** Stops waiting: destroys the socket now (a run that ends leaves nothing behind). */
  cut(): void {
    if (this.socket && !this.socket.destroyed) this.socket.destroy();
    this.finish('cut');
  }

  private finish(outcome: ReleaseOutcome): void {
    if (this.outcome !== null) return;
    this.outcome = outcome;
    this.settle(outcome);
  }
}
