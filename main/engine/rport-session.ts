// One handshaken connection to rportd: our want-reply requests and their FIFO of pending replies, the
// dispatch of the server's requests under the reply rules, and `rport` channel opens handed to the
// tunnel manager. The engine loop owns its lifetime; features see it as a ServerSession.
import { setMaxListeners } from 'node:events';
import type { Duplex } from 'node:stream';
import type { SFTPWrapper } from 'ssh2';
import type { ServerRef } from '../shared/types/engine-types';
import type { RportTransport } from './dial';
import { OrderedReplies } from './ordered-replies';
import type { ServerCapabilities, ServerSession } from './server-session';
import {
  openCustomChannel,
  sendGlobalRequest,
  sendRequestReply,
  type ClientProtocolHooks,
  type IncomingChannelOpen,
} from './ssh2-hooks';

export class RequestTimeoutError extends Error {
  constructor(name: string, timeoutMs: number) {
    super(`${name} request timeout after ${timeoutMs / 1000}s`);
    this.name = 'RequestTimeoutError';
  }
}

export class ConnectionClosedError extends Error {
  constructor(what: string) {
    super(`connection closed before ${what}`);
    this.name = 'ConnectionClosedError';
  }
}

export interface RequestOutcome {
  ok: boolean;
  payload: Buffer | null;
}

/** What the session needs from the engine: request dispatch and tunnels. */
export interface SessionDelegate {
  /** A server request; reply through `reply` exactly once when `wantReply`. */
  onServerRequest(
    session: RportSession,
    name: string,
    wantReply: boolean,
    payload: Buffer | null,
    reply: (ok: boolean, payload: Buffer | null) => void,
  ): void;
  onChannelOpen(session: RportSession, info: IncomingChannelOpen): void;
  onCapabilities(session: RportSession, capabilities: ServerCapabilities): void;
}

type PendingReply = (outcome: RequestOutcome) => void;

export class RportSession implements ServerSession, ClientProtocolHooks {
  private readonly pending: PendingReply[] = [];
  private readonly replies: OrderedReplies;
  private readonly closeListeners: Array<() => void> = [];
  /** Rejecters of our requests still waiting for a reply; run when the connection closes. */
  private readonly requestClosers = new Set<() => void>();
  private readonly lifetime = new AbortController();
  capabilities: ServerCapabilities | null = null;

  constructor(
    readonly transport: RportTransport,
    readonly server: ServerRef,
    private readonly delegate: SessionDelegate,
  ) {
    // One abort listener per open tunnel: hundreds are normal, not the leak Node warns about past 10.
    setMaxListeners(0, this.lifetime.signal);
    this.replies = new OrderedReplies((ok, payload) => {
      if (!this.closed) sendRequestReply(transport.client, ok, payload);
    });
    transport.onClose(() => this.markClosed());
    transport.router.setTarget(this);
  }

  get remoteAddress(): string {
    return this.transport.remoteAddress;
  }

  get closed(): boolean {
    return this.lifetime.signal.aborted;
  }

  /** Aborted when the connection closes: what lives on this connection (tunnels) ends with it. */
  get closedSignal(): AbortSignal {
    return this.lifetime.signal;
  }

  /**
   * A want-reply request. On timeout the FIFO entry stays (its reply may still come and must be matched
   * to it, §2.5) and the promise rejects with RequestTimeoutError.
   */
  request(name: string, payload: Buffer | null, timeoutMs: number): Promise<RequestOutcome> {
    if (this.closed) return Promise.reject(new ConnectionClosedError(`sending ${name}`));
    return new Promise<RequestOutcome>((resolve, reject) => {
      let done = false;
      const onClose = (): void => {
        if (done) return;
        done = true;
        if (timer) clearTimeout(timer);
        reject(new ConnectionClosedError(`the ${name} reply`));
      };
      const settle = (): void => {
        done = true;
        if (timer) clearTimeout(timer);
        this.requestClosers.delete(onClose);
      };
      const timer =
        timeoutMs > 0
          ? setTimeout(() => {
              if (done) return;
              settle();
              reject(new RequestTimeoutError(name, timeoutMs));
            }, timeoutMs)
          : null;
      this.requestClosers.add(onClose);
      this.pending.push((outcome) => {
        if (done) return;
        settle();
        resolve(outcome);
      });
      sendGlobalRequest(this.transport.client, name, true, payload);
    });
  }

  notify(name: string, payload: Buffer): void {
    if (this.closed) return;
    sendGlobalRequest(this.transport.client, name, false, payload);
  }

  confirmDelivery(): Promise<void> {
    // No timeout of its own: the keep-alive closes a connection that stopped answering.
    return this.request('ping', null, 0).then(() => undefined);
  }

  async openChannel(type: string, extra: Buffer): Promise<Duplex> {
    if (this.closed) throw new ConnectionClosedError(`opening a ${type} channel`);
    return openCustomChannel(this.transport.client, type, extra);
  }

  sftp(): Promise<SFTPWrapper> {
    if (this.closed) return Promise.reject(new ConnectionClosedError('opening SFTP'));
    return new Promise((resolve, reject) => {
      this.transport.client.sftp((error, sftp) => (error ? reject(error) : resolve(sftp)));
    });
  }

  onClose(listener: () => void): void {
    if (this.closed) queueMicrotask(listener);
    else this.closeListeners.push(listener);
  }

  close(): void {
    this.transport.close();
  }

  private markClosed(): void {
    if (this.closed) return;
    this.lifetime.abort();
    this.pending.length = 0;
    for (const close of [...this.requestClosers]) close();
    this.requestClosers.clear();
    for (const listener of this.closeListeners.splice(0)) {
      try {
        listener();
      } catch {
        // A feature's close handler must not keep the others from running.
      }
    }
  }

  // ---- ClientProtocolHooks -------------------------------------------------------------------

  onRequestSuccess(payload: Buffer | null): void {
    this.pending.shift()?.({ ok: true, payload });
  }

  onRequestFailure(payload: Buffer | null): void {
    this.pending.shift()?.({ ok: false, payload });
  }

  onGlobalRequest(name: string, wantReply: boolean, payload: Buffer | null): void {
    if (this.closed) return;
    if (name === 'put_capabilities') {
      this.capabilities = parseCapabilities(payload);
      this.delegate.onCapabilities(this, this.capabilities);
    }
    const slot = wantReply ? this.replies.reserve(name) : null;
    this.delegate.onServerRequest(this, name, wantReply, payload, (ok, replyPayload) => {
      if (slot) this.replies.complete(slot, ok, replyPayload);
    });
  }

  onRportChannelOpen(info: IncomingChannelOpen): void {
    if (this.closed) return;
    this.delegate.onChannelOpen(this, info);
  }
}

function parseCapabilities(payload: Buffer | null): ServerCapabilities {
  try {
    const value: unknown = JSON.parse(payload?.toString('utf8') ?? 'null');
    if (value && typeof value === 'object') return value as ServerCapabilities;
  } catch {
    // rportd always sends JSON; anything else means "no capabilities".
  }
  return {};
}
