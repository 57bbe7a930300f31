// Ties the updates service to connections: the session feature sends each refresh while connected and
// keeps the interval; `refresh_updates_status` replies `null` at once and refreshes in the background.
import type { FeatureContext, ServerRequestHandler, ServerSession, SessionFeature } from '../../server-session';
import { replyJson } from '../shared/replies';
import type { UpdatesService } from './updates-service';
import { fitUpdatesStatus, type UpdatesStatus } from './updates-status';

const NS_PER_MS = 1_000_000;

export interface UpdatesTiming {
  /** Overrides `updates_interval` (ms); for tests that cannot wait hours. */
  intervalMs?: number;
}

const intervalMs = (context: FeatureContext, timing: UpdatesTiming): number =>
  timing.intervalMs ?? Math.floor(context.config.client.updates_interval / NS_PER_MS);

function send(session: ServerSession, context: FeatureContext, status: UpdatesStatus): void {
  if (session.closed) return;
  context.log(
    'info',
    status.error
      ? `Refreshing OS patch level (pending updates) failed: ${status.error}`
      : `OS patch level (pending updates) refreshed, ${status.updates_available} updates available (${status.security_updates_available} security)`,
  );
  const sent = fitUpdatesStatus(status);
  const all = status.update_summaries?.length ?? 0;
  const kept = sent.update_summaries?.length ?? 0;
  if (kept < all) context.log('info', `updates_status lists ${kept} of ${all} updates to fit the SSH packet limit`);
  session.notify('updates_status', Buffer.from(JSON.stringify(sent)));
}

export function createUpdatesSessionFeature(service: UpdatesService, timing: UpdatesTiming = {}): SessionFeature {
  return {
    name: 'updates-status',
    start(session, context) {
      const every = intervalMs(context, timing);
      if (every <= 0) return { stop() {} };
      let timer: NodeJS.Timeout | null = null;
      let stopped = false;
      const arm = (delay: number): void => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => void service.refresh(), Math.max(0, delay));
        timer.unref();
      };
      const unsubscribe = service.onRefreshed((status) => {
        if (stopped) return;
        send(session, context, status);
        arm(every);
      });
      // A connection gets the last known status at once (as Go's SetConn does), and a refresh when due.
      const last = service.lastStatus;
      if (last) send(session, context, last);
      const lastAt = service.lastRefreshAt;
      arm(lastAt === null ? 0 : lastAt + every - service.now());
      return {
        stop() {
          stopped = true;
          unsubscribe();
          if (timer) clearTimeout(timer);
        },
      };
    },
  };
}

export function createRefreshUpdatesHandler(service: UpdatesService, timing: UpdatesTiming = {}): ServerRequestHandler {
  return async (_payload, context) => {
    if (intervalMs(context, timing) <= 0) {
      context.log('info', 'refresh_updates_status ignored: updates_interval is 0 (updates status disabled)');
    } else {
      // The result reaches the server through the session feature's listener.
      void service.refresh();
    }
    return replyJson(null);
  };
}
