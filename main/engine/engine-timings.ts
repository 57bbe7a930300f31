// The engine's fixed timings. The defaults are the protocol's (docs/protocol.md §2.5, §3.1, §4.4, §6.1);
// tests pass shorter ones through `createEngine({ timings })` so a back-off or a UDP idle timeout takes
// milliseconds instead of seconds. Nothing in the product overrides them.
import { DEFAULT_BACKOFF_MIN_MS } from './backoff';
import { DEFAULT_DIAL_TIMEOUT_MS } from './dial-timeout';

export interface EngineTimings {
  /** First (and minimum) reconnect wait. Go: 5 s. */
  backoffMinMs: number;
  /** One dial: TCP + TLS + WebSocket upgrade + SSH handshake + auth. */
  dialTimeoutMs: number;
  /**
   * A dial that makes no progress (no phase reached) for this long gets the next server's dial started
   * beside it (staggered-dial.ts), so a server that accepts TCP but never answers does not hold the
   * failover for the whole dial timeout. Go waits the dial out (up to minutes).
   */
  dialStaggerMs: number;
  /** Wait for the `new_connection` reply before closing and backing off. Go: 30 s. */
  newConnectionReplyTimeoutMs: number;
  /** Upper bound of the random delay added to each keep-alive interval. Go: 5 s; 0 disables. */
  keepAliveJitterMs: number;
  /** A per-source UDP socket closes after this long without traffic. Go: 15 s. */
  udpIdleMs: number;
  /** How often open tunnels report their byte counts while data flows. */
  tunnelUpdateIntervalMs: number;
  /**
   * A connection that ends sooner than this after `new_connection` succeeded counts as a failure (back
   * off) instead of a clean end (reconnect at once), so a server that accepts and drops cannot spin us.
   */
  minConnectionLifetimeMs: number;
  /**
   * Before resuming a session on a server whose previous connection the engine closed itself, wait up to
   * this long for the server to close it too (previous-sessions.ts). On a working link that takes a round
   * trip; Go pauses a random 0-10 s before every `new_connection` instead.
   */
  resumeWaitMs: number;
  /**
   * How long a connection the engine closed is kept ending gracefully, watching for the server's close;
   * while it lasts a resume declines to restore tunnels rportd may still hold (§3.5, §6.6.1).
   */
  sessionLingerMs: number;
}

export const DEFAULT_ENGINE_TIMINGS: Readonly<EngineTimings> = Object.freeze({
  backoffMinMs: DEFAULT_BACKOFF_MIN_MS,
  dialTimeoutMs: DEFAULT_DIAL_TIMEOUT_MS,
  dialStaggerMs: 3_000,
  newConnectionReplyTimeoutMs: 30_000,
  keepAliveJitterMs: 5_000,
  udpIdleMs: 15_000,
  tunnelUpdateIntervalMs: 1_000,
  minConnectionLifetimeMs: DEFAULT_BACKOFF_MIN_MS,
  resumeWaitMs: 2_000,
  sessionLingerMs: 60_000,
});

export function resolveTimings(overrides: Partial<EngineTimings> = {}): EngineTimings {
  return { ...DEFAULT_ENGINE_TIMINGS, ...overrides };
}
