// Client → server keep-alive (docs/protocol.md §2.5): a `ping` global request with want_reply and an
// empty payload every `keep_alive` (+ up to 5 s jitter), never before `new_connection` succeeded. One
// attempt per interval (the doc's TS recommendation): a timeout, a failure reply or a send error closes
// the connection, which makes the engine reconnect. Not ssh2's keepaliveInterval: rportd never answers
// `keepalive@openssh.com`.
import type { RportSession } from './rport-session';

export interface KeepAliveOptions {
  intervalMs: number;
  timeoutMs: number;
  jitterMs: number;
  random: () => number;
  /** False while the engine is stalled (test fault): no ping is sent and nothing is rescheduled. */
  active: () => boolean;
  onSuccess: (rttNs: number) => void;
  onFailure: (reason: string) => void;
}

/** Starts the loop for one connection; returns a stop function. */
export function startKeepAlive(session: RportSession, options: KeepAliveOptions): () => void {
  if (options.intervalMs <= 0) return () => {};
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  const schedule = (): void => {
    if (stopped || !options.active()) return;
    timer = setTimeout(ping, options.intervalMs + Math.floor(options.random() * options.jitterMs));
  };

  const ping = (): void => {
    timer = null;
    if (stopped || session.closed || !options.active()) return;
    const started = process.hrtime.bigint();
    session.request('ping', null, options.timeoutMs).then(
      (outcome) => {
        if (stopped) return;
        if (!outcome.ok) {
          options.onFailure(
            `ping rejected by the server${outcome.payload?.length ? `: ${outcome.payload.toString('utf8')}` : ''}`,
          );
          return;
        }
        options.onSuccess(Number(process.hrtime.bigint() - started));
        schedule();
      },
      (error: unknown) => {
        if (stopped) return;
        options.onFailure(error instanceof Error ? error.message : String(error));
      },
    );
  };

  schedule();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
