// Resuming a session only once rportd has let go of the previous connection (docs/protocol.md §3.5,
// §6.6.1). rportd restores a session's tunnels on a resume, but if it still holds the previous
// connection (its FIN has not arrived yet) a tunnel with a fixed port is still bound, the resume fails
// with `Local port N already in use.`, and rportd has by then replaced the session's stored tunnels with
// none: the next resume succeeds without them. The Go client's random 0-10 s pause before
// `new_connection` usually hides this; here the engine knows when the server has closed the previous
// connection (socket-close-watch.ts), waits briefly for that, and while it has not happened declines the
// restore (see resumeGuardReply) so that rportd fails the resume before it touches the stored tunnels.
import type { ReleaseOutcome, SocketCloseWatch } from './socket-close-watch';

/**
 * The failure reply to `check_tunnel_allowed` while the previous session may still be held. rportd fails
 * the resume with `failed to filter tunnels: client error: <this>` before it changes the session (§3.5);
 * the text must not contain `unknown request`, which rportd would read as "allowed".
 */
export const RESUME_DEFERRED_TEXT =
  'the previous connection of this client is not closed yet: restore its tunnels on the next attempt';

/** A refusal of `new_connection` because a tunnel could not be started (rportd's StartClient, §3.4). */
export function isTunnelStartRefusal(text: string): boolean {
  return /^Local port \d+ /.test(text) || text.startsWith('unable to start tunnel') || /^Invalid local port/.test(text);
}

export class PreviousSessions {
  /** Per server URL: the connection of the last session rportd accepted there. */
  private readonly byServer = new Map<string, SocketCloseWatch>();

  /** A session was accepted on this connection: it is the one to wait for before the next resume. */
  remember(serverUrl: string, watch: SocketCloseWatch): void {
    this.byServer.set(serverUrl, watch);
  }

  /**
   * Waits up to `maxMs` for the server to close the previous session's connection. Resolves true when
   * it may still hold it (not closed by the server, and not yet given up on).
   */
  async mayStillHold(serverUrl: string, maxMs: number, wait: (ms: number) => Promise<void>): Promise<boolean> {
    const watch = this.byServer.get(serverUrl);
    if (!watch) return false;
    if (watch.settled === null && maxMs > 0) {
      await Promise.race([watch.released, wait(maxMs)]);
    }
    const outcome: ReleaseOutcome | null = watch.settled;
    if (outcome !== null) this.byServer.delete(serverUrl);
    return outcome === null;
  }

  /** The run ends: stop waiting for every lingering connection. */
  cutAll(): void {
    for (const watch of this.byServer.values()) watch.cut();
    this.byServer.clear();
  }
}
