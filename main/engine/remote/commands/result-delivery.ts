// Gets every command result to the server that started the job, across reconnects and worker restarts
// (docs/protocol.md §5.4). A finished job goes out on the live connection to its server; rportd answers a
// client's requests in order (§5.1), so the reply to a ping sent after it confirms it arrived. A result
// that cannot be sent, or whose connection closes before that confirmation, is kept in data_dir
// (pending-results.ts) and sent as soon as the engine is connected to that server again; the log and the
// Activity list say it was delivered late.
import type { RemoteActivity } from '../../../shared/types/engine-types';
import type { FeatureContext, ServerSession, SessionFeature } from '../../server-session';
import { activityId } from '../shared/activity-id';
import { errorText } from '../shared/replies';
import type { Job } from './job';
import {
  overBounds,
  pendingResultKey,
  pendingResultsDir,
  PendingResultFiles,
  type KeptEntry,
  type PendingResult,
} from './pending-results';

/** What happened to a finished job's result right away. */
export type DeliveryOutcome = 'sent' | 'kept';

export const KEPT_NOTE = 'not connected: the result is kept and sent when the client is connected to the server again';
export const DELIVERED_LATE_NOTE = 'result delivered late, after a reconnect';

const jidText = (job: Job): string => `[jid=${JSON.stringify(job.jid)}]`;

export const activityOutcome = (job: Job): RemoteActivity['outcome'] =>
  job.status === 'successful' ? 'successful' : job.status === 'unknown' ? 'unknown' : 'failed';

const withNote = (error: string, note: string): string => (error === '' ? note : `${error}; ${note}`);

export class ResultDelivery {
  /** The live session per server URL (registered by the session feature below). */
  private readonly live = new Map<string, ServerSession>();
  /** Results not confirmed by their server yet, by key; mirrored on disk where possible. */
  private readonly pending = new Map<string, KeptEntry>();
  /** Keys sent and waiting for the server's confirmation. */
  private readonly inFlight = new Set<string>();
  /** data_dirs whose kept results were read into `pending`. */
  private readonly loaded = new Map<string, Promise<void>>();
  private lastDiskProblem: string | null = null;
  /** Kept results being written, so a stopping engine can wait for them (settled()). */
  private readonly writes = new Set<Promise<void>>();

  /** A command finished: send its result to the server that started it, or keep it for later. */
  deliver(
    origin: ServerSession,
    job: Job,
    meta: Pick<PendingResult, 'kind' | 'summary'>,
    context: FeatureContext,
  ): DeliveryOutcome {
    const result: PendingResult = { server: origin.server.url, ...meta, keptAt: Date.now(), job };
    const key = pendingResultKey(job);
    const session = [this.live.get(result.server), origin].find((s) => s !== undefined && !s.closed);
    if (session) {
      this.pending.set(key, { key, result, bytes: 0 });
      this.send(session, key, result, false, context);
      return 'sent';
    }
    context.log(
      'info',
      `command result ${jidText(job)} kept in ${pendingResultsDir(context.config.client.data_dir)}: not connected to ${result.server}; it is sent when the client is connected to it again`,
    );
    this.track(this.keep(key, result, context));
    return 'kept';
  }

  /** The engine is connected to a server: remember the session and send what was kept for it. */
  sessionStarted(session: ServerSession, context: FeatureContext): void {
    const url = session.server.url;
    this.live.set(url, session);
    void this.load(context).then(() => this.flush(url, context));
  }

  sessionStopped(session: ServerSession): void {
    if (this.live.get(session.server.url) === session) this.live.delete(session.server.url);
  }

  /** Resolves when every result kept so far is written (a worker that stops keeps what it could not send). */
  async settled(): Promise<void> {
    // A connection that just closed rejects its unconfirmed results on the next turn (transport close).
    await new Promise((resolve) => setImmediate(resolve));
    while (this.writes.size > 0) await Promise.all(this.writes);
  }

  /** Results waiting for a server (kept or unconfirmed), for tests and diagnostics. */
  pendingCount(): number {
    return this.pending.size;
  }

  private send(
    session: ServerSession,
    key: string,
    result: PendingResult,
    late: boolean,
    context: FeatureContext,
  ): void {
    this.inFlight.add(key);
    try {
      session.notify('cmd_result', Buffer.from(JSON.stringify(result.job)));
    } catch (error) {
      context.log('error', `failed to send command result ${jidText(result.job)}: ${errorText(error)}`);
    }
    session.confirmDelivery().then(
      () => {
        this.inFlight.delete(key);
        const entry = this.pending.get(key);
        if (entry?.result !== result) return; // kept again meanwhile (a newer copy): leave it
        this.pending.delete(key);
        if (entry.bytes > 0) void this.removeFile(key, context);
        if (late) this.reportLate(result, context);
      },
      () => {
        this.inFlight.delete(key);
        if (this.pending.get(key)?.result !== result) return;
        context.log(
          'info',
          `the connection to ${result.server} closed before it confirmed the result ${jidText(result.job)}: kept, and sent again when connected`,
        );
        this.track(this.keep(key, result, context));
      },
    );
  }

  private reportLate(result: PendingResult, context: FeatureContext): void {
    const { job } = result;
    context.log(
      'info',
      `delivered the kept result of ${result.kind} ${jidText(job)} to ${result.server} (finished ${job.finished_at ?? 'at an unknown time'}, kept while disconnected)`,
    );
    context.activity({
      id: activityId(job.jid),
      kind: result.kind,
      at: Date.now(),
      summary: result.summary,
      outcome: activityOutcome(job),
      detail: withNote(job.error, DELIVERED_LATE_NOTE),
    });
  }

  private track(write: Promise<void>): void {
    this.writes.add(write);
    void write.finally(() => this.writes.delete(write));
  }

  /** Keeps a result in memory and on disk (best effort), within the bounds; then tries to send it. */
  private async keep(key: string, result: PendingResult, context: FeatureContext): Promise<void> {
    const files = new PendingResultFiles(pendingResultsDir(context.config.client.data_dir));
    const entry: KeptEntry = { key, result, bytes: Buffer.byteLength(JSON.stringify(result)) };
    this.pending.set(key, entry);
    try {
      await files.write(key, result);
      this.lastDiskProblem = null;
    } catch (error) {
      const problem = `cannot keep command results in ${files.dir}: ${errorText(error)}`;
      if (problem !== this.lastDiskProblem)
        context.log('error', `${problem} (kept in memory only: a restart of the client loses them)`);
      this.lastDiskProblem = problem;
    }
    const ordered = [...this.pending.values()].sort((a, b) => a.result.keptAt - b.result.keptAt);
    for (const dropped of overBounds(ordered)) {
      this.pending.delete(dropped.key);
      await this.removeFile(dropped.key, context);
      context.log(
        'error',
        `dropped the kept result of ${dropped.result.kind} ${jidText(dropped.result.job)} for ${dropped.result.server}: more kept results than the limit`,
      );
    }
    if (this.live.has(result.server)) this.flush(result.server, context);
  }

  private load(context: FeatureContext): Promise<void> {
    const dir = pendingResultsDir(context.config.client.data_dir);
    let loading = this.loaded.get(dir);
    if (!loading) {
      loading = new PendingResultFiles(dir).readAll().then(
        ({ entries, bad }) => {
          for (const problem of bad) context.log('error', `removed an unreadable kept command result: ${problem}`);
          for (const entry of entries) if (!this.pending.has(entry.key)) this.pending.set(entry.key, entry);
        },
        (error: unknown) => context.log('error', `cannot read kept command results in ${dir}: ${errorText(error)}`),
      );
      this.loaded.set(dir, loading);
    }
    return loading;
  }

  private flush(url: string, context: FeatureContext): void {
    const session = this.live.get(url);
    if (!session || session.closed) return;
    const due = [...this.pending.values()]
      .filter((entry) => entry.result.server === url && !this.inFlight.has(entry.key))
      .sort((a, b) => a.result.keptAt - b.result.keptAt);
    for (const entry of due) this.send(session, entry.key, entry.result, true, context);
  }

  private async removeFile(key: string, context: FeatureContext): Promise<void> {
    const files = new PendingResultFiles(pendingResultsDir(context.config.client.data_dir));
    await files.remove(key).catch((error: unknown) => {
      context.log('error', `cannot remove a delivered command result from ${files.dir}: ${errorText(error)}`);
    });
  }
}

/** Registers each connection with the delivery, which then sends what was kept for its server. */
export function createResultDeliverySessionFeature(delivery: ResultDelivery): SessionFeature {
  return {
    name: 'command results',
    start(session, context) {
      delivery.sessionStarted(session, context);
      return { stop: () => delivery.sessionStopped(session) };
    },
  };
}
