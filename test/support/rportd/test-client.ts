// One client connection as rportd's client listener handles it (server/client_listener.go,
// docs/protocol.md §3, §5): `new_connection` first, then requests in order, replies in FIFO order,
// server → client requests one at a time (x/crypto's mux holds one outstanding want-reply request).
import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { Connection } from 'ssh2';
import {
  checkConnectionRequest,
  goVersionError,
  type ConnectionRequestJson,
  type RemoteJson,
} from './connection-request';
import { serveReadOnlySftp } from './sftp-readonly';
import {
  acceptIncomingChannel,
  internals,
  openRawChannel,
  sendGlobalRequest,
  sendRequestReply,
  type IncomingChannelOpen,
  type Ssh2Channel,
  type Ssh2ConnectionInternals,
} from './ssh2-internals';
import { isLocalSpecified, remoteTarget, toGoRemote, tunnelsToReestablish, type GoRemote } from './remotes';
import { startTcpTunnel, startUdpTunnel, type TunnelDeps, type TunnelHandle } from './tunnels';
import type { WsByteStream } from './ws-byte-stream';

export interface ReceivedRequest {
  name: string;
  wantReply: boolean;
  payload: Buffer;
}

export interface ReceivedChannel {
  type: string;
  extra: Buffer;
  data: Buffer;
  ended: boolean;
  /**
   * `stdout`/`stderr` only: what reached the UI — rportd's reader passes channel data on a scheduling
   * turn after it arrived, and closes the job's UI WebSocket when the job's `cmd_result` arrives.
   */
  forwarded: Buffer;
  /** Bytes that came too late for the UI (after the job's cmd_result). */
  lostBytes: number;
}

export interface RequestReply {
  ok: boolean;
  payload: Buffer;
}

export interface RequestOptions {
  wantReply?: boolean;
  timeoutMs?: number;
}

/** What a client connection needs from its server. */
export interface ServerContext {
  readonly options: {
    maxRequestBytes: number;
    pingTimeoutMs: number;
    capabilities: Record<string, unknown> | null;
    sftpRoot: string | undefined;
    connectionRequestTimeoutMs: number;
  };
  readonly faults: {
    replyAlreadyConnected: boolean;
    newConnectionFailure: string | null;
    delayNewConnectionReplyMs: number;
    stopAnsweringPings: boolean;
  };
  readonly bindHost: string;
  violation(client: TestClient, text: string): void;
  note(text: string): void;
  emitRequest(event: { client: TestClient; name: string; wantReply: boolean; payload: Buffer }): void;
  /** Client record by client ID (records outlive connections, like rportd's keep_disconnected_clients). */
  record(clientId: string): ClientRecord | undefined;
  saveRecord(record: ClientRecord): void;
  connected(client: TestClient): void;
  disconnected(client: TestClient): void;
}

export interface ClientRecord {
  id: string;
  name: string;
  sessionId: string;
  connection: TestClient | null;
}

type State = 'awaitingRequest' | 'starting' | 'connected' | 'failed' | 'closed';

interface PendingRequest {
  name: string;
  wantReply: boolean;
  data: Buffer | null;
  settle(reply: RequestReply): void;
  sent: boolean;
}

const ONE_WAY_REQUESTS = new Set(['cmd_result', 'updates_status', 'save_measurement', 'ip_addresses', 'inventory']);

function toPayload(payload: Buffer | object | null): Buffer | null {
  if (payload === null) return null;
  if (Buffer.isBuffer(payload)) return payload;
  return Buffer.from(JSON.stringify(payload));
}

/** hashicorp/go-version comparison, reduced to the numeric segments rportd compares against. */
function versionAtLeast(v: string, min: string): boolean {
  const seg = (x: string): number[] => (x.replace(/^v/, '').split(/[-+]/)[0] ?? '').split('.').map(Number);
  const a = seg(v);
  const b = seg(min);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return !/-/.test(v.split('+')[0] ?? ''); // a pre-release sorts before its release
}

/** A tunnel of this session: its Remote as rportd reports it, and the live listeners behind it. */
export interface SessionTunnel {
  remote: GoRemote;
  handles: TunnelHandle[];
}

export class TestClient {
  connectionRequest: ConnectionRequestJson | null = null;
  readonly headers: Record<string, string | string[] | undefined>;
  clientIdent = '';
  authId = '';
  sessionId = '';
  /** The client ID rportd uses (the request's ID, or a made-up UUID when empty). */
  clientId = '';
  /** The success reply's tunnels (request Remotes completed by the server, plus restored ones). */
  remotes: GoRemote[] | null = null;
  readonly receivedRequests: ReceivedRequest[] = [];
  readonly receivedChannels: ReceivedChannel[] = [];
  lastHeartbeatAt: number | null = null;
  /** Jobs (multi_job_id, else jid) whose cmd_result arrived: their UI WebSocket is closed. */
  readonly finishedJobs = new Set<string>();
  /** Every tunnel of this session (from Remotes, restored, or openTunnel); kept after close for restore. */
  readonly tunnels: SessionTunnel[] = [];

  private state: State = 'awaitingRequest';
  private readonly conn: Ssh2ConnectionInternals;
  private readonly queue: PendingRequest[] = [];
  /** A reply that arrived with nothing pending: x/crypto hands it to the next request (desync). */
  private strayReply: RequestReply | null = null;
  private readonly heldRequests: ReceivedRequest[] = [];
  private readonly heldChannels: IncomingChannelOpen[] = [];
  private readonly heldSessions: (() => void)[] = [];
  private readonly waiters = new Set<() => void>();
  private requestTimer: NodeJS.Timeout | null = null;
  private closedPromise: Promise<void>;
  private resolveClosed!: () => void;

  constructor(
    private readonly server: ServerContext,
    private readonly ssh: Connection,
    private readonly transport: WsByteStream,
    headers: Record<string, string | string[] | undefined>,
  ) {
    this.headers = headers;
    this.conn = internals(ssh);
    this.clientIdent = transport.clientIdent?.toString('latin1') ?? '';
    this.closedPromise = new Promise((resolve) => (this.resolveClosed = resolve));
    const proto = this.conn._protocol;
    proto._rportTestServer = {
      onRequestFailure: (payload) => this.onReply(false, payload),
      onChannelOpen: (info) => this.onChannelOpen(info),
    };
    proto._handlers.GLOBAL_REQUEST = ((_p: unknown, name: string, wantReply: boolean, data: unknown) =>
      this.onGlobalRequest(name, wantReply, Buffer.isBuffer(data) ? Buffer.from(data) : Buffer.alloc(0))) as never;
    proto._handlers.REQUEST_SUCCESS = ((_p: unknown, data: Buffer | null) => this.onReply(true, data)) as never;
    // Reached only if a later patch of handler 82 serves server instances itself (prototype style).
    proto._handlers.REQUEST_FAILURE = ((_p: unknown, data?: Buffer | null) =>
      this.onReply(false, data ?? null)) as never;

    ssh.on('session', (accept) => {
      const serve = (): void => {
        const session = accept();
        session.on('sftp', (acceptSftp, rejectSftp) => {
          if (!this.server.options.sftpRoot) {
            this.server.note('sftp requested but the test server has no sftpRoot');
            rejectSftp();
            return;
          }
          serveReadOnlySftp(acceptSftp(), this.server.options.sftpRoot, (t) => this.server.note(t));
        });
      };
      // Like every channel, rportd accepts a session only once new_connection succeeded.
      if (this.state === 'connected') serve();
      else if (this.state === 'starting' || this.state === 'awaitingRequest') this.heldSessions.push(serve);
      else this.server.note(`${this.label}: session channel opened after a failed new_connection: never accepted`);
    });
    ssh.on('close', () => this.onClosed());
    ssh.on('end', () => this.onClosed());
  }

  /** Called once SSH auth succeeded: from now on rportd waits (5 min) for the connection request. */
  authenticated(authId: string): void {
    this.authId = authId;
    this.requestTimer = setTimeout(() => {
      this.server.note(`${this.label}: connection request timeout exceeded`);
      this.close();
    }, this.server.options.connectionRequestTimeoutMs);
    this.requestTimer.unref();
  }

  get label(): string {
    return `client ${this.clientId || this.authId || '?'}`;
  }

  get isClosed(): boolean {
    return this.state === 'closed';
  }

  get whenClosed(): Promise<void> {
    return this.closedPromise;
  }

  // --- client → server requests ----------------------------------------------------------------

  private onGlobalRequest(name: string, wantReply: boolean, payload: Buffer): void {
    const rec: ReceivedRequest = { name, wantReply, payload };
    this.receivedRequests.push(rec);
    this.server.emitRequest({ client: this, name, wantReply, payload });
    this.wake();
    switch (this.state) {
      case 'awaitingRequest':
        if (this.requestTimer) clearTimeout(this.requestTimer);
        if (name !== 'new_connection') {
          this.violation(
            `first global request was "${name}", expected new_connection (rportd: "expecting connection request", no reply)`,
          );
          this.close();
          return;
        }
        void this.handleConnectionRequest(wantReply, payload);
        return;
      case 'starting':
        // rportd reads nothing else until StartClient is done; requests wait in the mux queue.
        this.heldRequests.push(rec);
        return;
      case 'failed':
        if (wantReply) this.violation(`"${name}" sent after a failed new_connection: rportd never answers it`);
        return;
      case 'connected':
        this.handleRequest(rec);
        return;
      case 'closed':
        return;
    }
  }

  private async handleConnectionRequest(wantReply: boolean, payload: Buffer): Promise<void> {
    this.state = 'starting';
    if (!wantReply) this.violation('new_connection sent with want_reply=false');
    if (payload.length > this.server.options.maxRequestBytes) {
      this.violation(
        `new_connection payload exceeds the limit of ${this.server.options.maxRequestBytes} bytes, actual size: ${payload.length} (rportd: no reply)`,
      );
      this.close();
      return;
    }
    const check = checkConnectionRequest(payload);
    for (const a of check.advisories) this.violation(`new_connection: ${a}`);
    if (check.decodeErrors.length || !check.request) {
      this.violation(
        `new_connection: invalid connection request: Invalid JSON config (${check.decodeErrors.join('; ')}) (rportd: no reply)`,
      );
      this.close();
      return;
    }
    const req = check.request;
    this.connectionRequest = req;
    this.sessionId = typeof req.SessionID === 'string' ? req.SessionID : '';
    this.clientId = typeof req.ID === 'string' && req.ID ? req.ID : randomUUID();

    const faults = this.server.faults;
    if (faults.delayNewConnectionReplyMs > 0) {
      await new Promise((r) => setTimeout(r, faults.delayNewConnectionReplyMs));
      if (this.isClosed) return;
    }
    const name = typeof req.Name === 'string' ? req.Name : '';
    if (faults.replyAlreadyConnected)
      return this.failConnection(`client is already connected: ${name} [${this.clientId}]`);
    if (faults.newConnectionFailure !== null) return this.failConnection(faults.newConnectionFailure);

    let requested: GoRemote[] | null = req.Remotes === undefined || req.Remotes === null ? null : [];
    for (const r of req.Remotes ?? []) if (r !== null) requested?.push(toGoRemote(r as RemoteJson));
    const existing = this.server.record(this.clientId);
    if (existing) {
      const reused = this.sessionId !== '' && this.sessionId === existing.sessionId;
      if (existing.connection && !existing.connection.isClosed && !reused)
        return this.failConnection(`client is already connected: ${existing.name} [${this.clientId}]`);
      const old = existing.connection?.tunnels.map((t) => t.remote) ?? [];
      let restore = tunnelsToReestablish(old, requested ?? []);
      const version = typeof req.Version === 'string' ? req.Version : '';
      const vErr = goVersionError(version);
      if (vErr) return this.failConnection(`failed to determine client version: ${vErr}`);
      if (restore.length && versionAtLeast(version, '0.6.4')) {
        const allowed = await this.excludeNotAllowedTunnels(restore);
        if (typeof allowed === 'string') return this.failConnection(`failed to filter tunnels: ${allowed}`);
        restore = allowed;
      }
      if (this.isClosed) return;
      if (restore.length) requested = [...(requested ?? []), ...restore];
      // rportd's StartClient now rewrites the stored client in place (connection, session, tunnels = [])
      // BEFORE it starts the tunnels: if one fails to start, the record keeps only those started before
      // it, so the tunnels of the previous session are forgotten (docs/protocol.md §3.5).
      this.server.saveRecord({ id: this.clientId, name, sessionId: this.sessionId, connection: this });
    }

    let remotes: GoRemote[] | null;
    try {
      remotes = await this.startRemotes(requested);
    } catch (err) {
      // rportd's checkLocalPort texts go back as they are; other start errors are wrapped.
      if (err instanceof LocalPortError) return this.failConnection(err.message);
      return this.failConnection(`unable to start tunnel: ${(err as Error).message}`);
    }
    if (this.isClosed) return;
    this.remotes = remotes;
    this.server.saveRecord({ id: this.clientId, name, sessionId: this.sessionId, connection: this });
    this.state = 'connected';
    if (wantReply) sendRequestReply(this.conn._protocol, true, Buffer.from(JSON.stringify(remotes)));
    const caps = this.server.options.capabilities;
    if (caps) this.putCapabilities(caps);
    this.server.connected(this);
    for (const r of this.heldRequests.splice(0)) this.handleRequest(r);
    for (const c of this.heldChannels.splice(0)) this.acceptChannel(c);
    for (const serve of this.heldSessions.splice(0)) serve();
  }

  private failConnection(text: string): void {
    this.state = 'failed';
    this.server.note(`${this.label}: new_connection failed: ${text}`);
    sendRequestReply(this.conn._protocol, false, Buffer.from(text));
    // rportd returns from the handler here and leaves the connection open: the client must close it.
  }

  /** rportd ExcludeNotAllowedTunnels: asks the client about each restored tunnel before replying. */
  private async excludeNotAllowedTunnels(tunnels: GoRemote[]): Promise<GoRemote[] | string> {
    const out: GoRemote[] = [];
    for (const t of tunnels) {
      let reply: RequestReply;
      try {
        reply = await this.request(
          'check_tunnel_allowed',
          { Remote: remoteTarget(t) },
          {
            timeoutMs: this.server.options.connectionRequestTimeoutMs,
          },
        );
      } catch (err) {
        return (err as Error).message;
      }
      const text = reply.payload.toString('utf8');
      if (!reply.ok) {
        if (text.includes('unknown request')) return tunnels;
        return `client error: ${text}`;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return `failed to decode check_tunnel_allowed response: ${text}`;
      }
      if ((parsed as { IsAllowed?: unknown } | null)?.IsAllowed === true) out.push(t);
      else
        this.server.note(`${this.label}: Tunnel "${remoteTarget(t)}" is no longer allowed by client config, removing.`);
    }
    return out;
  }

  /** rportd startClientTunnels: listeners for the remotes, completed as Go marshals them back. */
  private async startRemotes(remotes: GoRemote[] | null): Promise<GoRemote[] | null> {
    if (remotes === null) return null;
    const out: GoRemote[] = [];
    for (const requested of remotes) {
      const remote: GoRemote = { ...requested };
      const specified = isLocalSpecified(remote);
      let port = 0;
      if (specified) {
        port = Number(remote.lport);
        if (!(Number.isInteger(port) && port > 0 && port < 65536))
          throw new LocalPortError(`Invalid local port: ${remote.lport}.`);
      }
      const target = remoteTarget(remote);
      const handles: TunnelHandle[] = [];
      const v4As16 = !specified || remote.lhost === '0.0.0.0' || remote.lhost === '::';
      try {
        if (remote.protocol === 'tcp' || remote.protocol === 'tcp+udp' || remote.protocol === '') {
          const t = await startTcpTunnel(this.tunnelDeps(), target, port);
          handles.push(t);
          port = t.port;
        }
        if (remote.protocol === 'udp' || remote.protocol === 'tcp+udp') {
          const t = await startUdpTunnel(this.tunnelDeps(), target, port, v4As16);
          handles.push(t);
          port = t.port;
        }
      } catch (err) {
        for (const h of handles) void h.close();
        const code = (err as NodeJS.ErrnoException).code;
        // rportd checks a specified port before binding (checkLocalPort): still bound by a session it
        // holds, it refuses with this text, unwrapped.
        if (code === 'EADDRINUSE' && specified) throw new LocalPortError(`Local port ${port} already in use.`);
        if (code === 'EADDRINUSE') throw new Error(`Local port ${port} already in use.`, { cause: err });
        throw err;
      }
      if (!specified) {
        remote.lport = String(port);
        remote.lhost = '0.0.0.0';
        remote.lport_random = true;
      }
      this.tunnels.push({ remote, handles });
      out.push(remote);
    }
    return out;
  }

  private handleRequest(rec: ReceivedRequest): void {
    const { name, wantReply, payload } = rec;
    if (payload.length > this.server.options.maxRequestBytes) {
      this.violation(
        `"${name}" payload exceeds the limit of ${this.server.options.maxRequestBytes} bytes, actual size: ${payload.length} (rportd drops it without a reply)`,
      );
      return;
    }
    if (name === 'new_connection') {
      this.violation('second new_connection on one connection');
      sendRequestReply(this.conn._protocol, false, Buffer.from('unexpected connection request. please reconnect'));
      this.close();
      return;
    }
    if (name === 'ping') {
      if (!wantReply) this.server.note(`${this.label}: ping with want_reply=false`);
      this.lastHeartbeatAt = Date.now();
      if (this.server.faults.stopAnsweringPings) {
        this.server.note(`${this.label}: ping not answered (fault stopAnsweringPings)`);
        return;
      }
      if (wantReply) sendRequestReply(this.conn._protocol, true, null);
      return;
    }
    if (ONE_WAY_REQUESTS.has(name)) {
      if (wantReply) this.violation(`"${name}" sent with want_reply=true: rportd never replies to it`);
      let parsed: unknown;
      try {
        parsed = JSON.parse(payload.toString('utf8'));
      } catch {
        this.violation(`"${name}" payload is not JSON (rportd: failed to unmarshal)`);
      }
      if (name === 'cmd_result') {
        const key = uiJobKey(parsed);
        if (key !== null) this.finishedJobs.add(key);
      }
      return;
    }
    this.server.note(`${this.label}: Unknown request: ${name}`);
    if (wantReply) this.violation(`unknown request "${name}" sent with want_reply=true: rportd never replies to it`);
  }

  // --- server → client requests ----------------------------------------------------------------

  request(name: string, payload: Buffer | object | null, options: RequestOptions = {}): Promise<RequestReply> {
    const wantReply = options.wantReply ?? true;
    const timeoutMs = options.timeoutMs ?? 10_000;
    const data = toPayload(payload);
    if (this.isClosed) return Promise.reject(new Error(`${this.label}: connection closed`));
    if (!wantReply) {
      sendGlobalRequest(this.conn._protocol, name, false, data);
      return Promise.resolve({ ok: true, payload: Buffer.alloc(0) });
    }
    return new Promise<RequestReply>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        // The entry stays queued: its late reply must still be consumed in FIFO order.
        reject(new Error(`${name}: timeout after ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref();
      const entry: PendingRequest = {
        name,
        wantReply,
        data,
        sent: false,
        settle: (reply) => {
          clearTimeout(timer);
          if (settled) return;
          settled = true;
          if (reply === CLOSED) reject(new Error(`${name}: connection closed`));
          else resolve(reply);
        },
      };
      this.queue.push(entry);
      this.pump();
    });
  }

  private pump(): void {
    const head = this.queue[0];
    if (!head || head.sent || this.isClosed) return;
    head.sent = true;
    sendGlobalRequest(this.conn._protocol, head.name, true, head.data);
    if (this.strayReply) {
      const stray = this.strayReply;
      this.strayReply = null;
      this.onReply(stray.ok, stray.payload);
    }
  }

  private onReply(ok: boolean, data: Buffer | null): void {
    const reply = { ok, payload: data ? Buffer.from(data) : Buffer.alloc(0) };
    const head = this.queue[0];
    if (!head || !head.sent) {
      this.violation(
        `unsolicited ${ok ? 'REQUEST_SUCCESS' : 'REQUEST_FAILURE'} (no request pending): replies are out of step`,
      );
      if (this.strayReply) {
        this.violation('second unsolicited reply: x/crypto would block the connection');
        this.close();
        return;
      }
      this.strayReply = reply;
      return;
    }
    this.queue.shift();
    head.settle(reply);
    this.pump();
  }

  /** Server → client ping (§2.6), judged exactly as rportd's status check judges it. */
  async ping(timeoutMs = this.server.options.pingTimeoutMs): Promise<RequestReply> {
    let reply: RequestReply;
    try {
      reply = await this.request('ping', null, { timeoutMs });
    } catch (err) {
      if (!this.isClosed) {
        this.server.note(`${this.label}: ping failed: ${(err as Error).message}; closing`);
        this.close();
      }
      throw err;
    }
    const text = reply.payload.toString('utf8');
    if (reply.ok && reply.payload.length === 0) {
      this.lastHeartbeatAt = Date.now();
    } else if (reply.ok && text === 'null') {
      this.violation(
        'ping reply had payload "null" (accepted by rportd ≥0.9.8, rejected by ≤0.9.6): reply with an empty payload',
      );
      this.lastHeartbeatAt = Date.now();
    } else if (!reply.ok && text === 'unknown request') {
      this.violation('ping answered with failure "unknown request" (legacy <0.8.2 form; rportd still accepts it)');
      this.lastHeartbeatAt = Date.now();
    } else {
      this.violation(
        `ping reply had payload (ok=${reply.ok}, payload=${JSON.stringify(text)}): rportd marks the client dead and disconnects`,
      );
      this.close();
    }
    return reply;
  }

  async checkPort(hostPort: string, timeoutNs = 2_000_000_000): Promise<{ Open: boolean; ErrMsg: string }> {
    const reply = await this.request('check_port', { HostPort: hostPort, Timeout: timeoutNs });
    if (!reply.ok) throw new Error(`client error: ${reply.payload.toString('utf8')}`);
    return JSON.parse(reply.payload.toString('utf8')) as { Open: boolean; ErrMsg: string };
  }

  /**
   * `put_capabilities` (§5.2) as rportd sends it after the reply to new_connection: no reply wanted. Tests
   * call it to have capabilities arrive while the session's features already run.
   */
  putCapabilities(capabilities: Record<string, unknown>): void {
    sendGlobalRequest(this.conn._protocol, 'put_capabilities', false, Buffer.from(JSON.stringify(capabilities)));
  }

  checkTunnelAllowed(remote: string): Promise<RequestReply> {
    return this.request('check_tunnel_allowed', { Remote: remote });
  }

  // --- channels ----------------------------------------------------------------------------------

  openRawChannel(extra: string): Promise<{ accepted: boolean; reason?: string; stream?: Duplex }> {
    return this.openRport(extra).then(({ stream, reason }) =>
      stream ? { accepted: true, stream } : { accepted: false, reason: reason ?? '' },
    );
  }

  private openRport(extra: string): Promise<{ stream?: Ssh2Channel; reason?: string }> {
    if (this.isClosed) return Promise.resolve({ reason: 'connection closed' });
    return new Promise((resolve) => {
      openRawChannel(this.conn, 'rport', Buffer.from(extra, 'utf8'), (err, stream) => {
        if (err || !stream)
          resolve({ reason: err?.message.replace(/^\(SSH\) Channel open failure: /, '') ?? 'failed' });
        else resolve({ stream });
      });
    });
  }

  private tunnelDeps(): TunnelDeps {
    return {
      bindHost: this.server.bindHost,
      openChannel: (extra) => this.openRport(extra),
      note: (t) => this.server.note(`${this.label}: ${t}`),
      violation: (t) => this.violation(t),
    };
  }

  /** An API-style tunnel: the server listens on loopback and opens an `rport` channel per connection. */
  async openTunnel(opts: {
    target: string;
    protocol?: 'tcp' | 'udp';
    /** A fixed server port (the API's `local`); a random one when absent. */
    lport?: number;
    /** The API's `http_proxy`: rportd serves the tunnel through its HTTPS proxy (the flag only, here). */
    httpProxy?: boolean;
  }): Promise<{ port: number; close(): Promise<void> }> {
    const protocol = opts.protocol ?? 'tcp';
    const t =
      protocol === 'udp'
        ? await startUdpTunnel(this.tunnelDeps(), opts.target, opts.lport ?? 0, true)
        : await startTcpTunnel(this.tunnelDeps(), opts.target, opts.lport ?? 0);
    const i = opts.target.lastIndexOf(':');
    const remote = toGoRemote({
      protocol,
      lhost: '0.0.0.0',
      lport: String(t.port),
      lport_random: opts.lport === undefined,
      rhost: opts.target.slice(0, i).replace(/^\[|\]$/g, ''),
      rport: opts.target.slice(i + 1),
      http_proxy: opts.httpProxy === true,
    });
    const entry: SessionTunnel = { remote, handles: [t] };
    this.tunnels.push(entry);
    return {
      port: t.port,
      close: async () => {
        const at = this.tunnels.indexOf(entry);
        if (at >= 0) this.tunnels.splice(at, 1);
        await t.close();
      },
    };
  }

  private onChannelOpen(info: IncomingChannelOpen): void {
    if (this.state === 'connected') this.acceptChannel(info);
    else if (this.state === 'starting' || this.state === 'awaitingRequest') this.heldChannels.push(info);
    else this.server.note(`${this.label}: channel "${info.type}" opened after a failed new_connection: never accepted`);
  }

  private acceptChannel(info: IncomingChannelOpen): void {
    const stream = acceptIncomingChannel(this.conn, info, true);
    if (!stream) return;
    const rec: ReceivedChannel = {
      type: info.type,
      extra: info.extra,
      data: Buffer.alloc(0),
      ended: false,
      forwarded: Buffer.alloc(0),
      lostBytes: 0,
    };
    this.receivedChannels.push(rec);
    let uiKey: string | null = null;
    if (info.type === 'stdout' || info.type === 'stderr') {
      try {
        uiKey = uiJobKey(JSON.parse(info.extra.toString('utf8')));
      } catch {
        this.violation(`"${info.type}" channel extra data is not the run_cmd job JSON`);
      }
    } else {
      this.server.note(
        `${this.label}: channel of type "${info.type}" accepted (rportd would treat it as a TCP stream)`,
      );
    }
    // rportd's handleOutputChannel runs in its own goroutine: data reaches the UI a scheduling turn
    // after it arrived, while cmd_result is handled (and the UI socket closed) as it arrives.
    let queued: Buffer[] = [];
    const forward = (): void => {
      const chunk = Buffer.concat(queued);
      queued = [];
      if (uiKey !== null && this.finishedJobs.has(uiKey)) {
        if (rec.lostBytes === 0)
          this.violation(
            `"${rec.type}" data of job ${uiKey} reached rportd's UI socket after its cmd_result: lost ` +
              '(rportd closes the UI WebSocket when the result arrives; send all stream data before it)',
          );
        rec.lostBytes += chunk.length;
      } else rec.forwarded = Buffer.concat([rec.forwarded, chunk]);
      this.wake();
    };
    stream.on('data', (d: Buffer) => {
      rec.data = Buffer.concat([rec.data, d]);
      if (uiKey !== null) {
        if (queued.length === 0) setImmediate(forward);
        queued.push(d);
      }
      this.wake();
    });
    stream.on('end', () => {
      rec.ended = true;
      this.wake();
    });
    stream.on('error', () => undefined);
    this.wake();
  }

  // --- waiting helpers ---------------------------------------------------------------------------

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  private waitFor<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const first = probe();
    if (first !== undefined) return Promise.resolve(first);
    return new Promise<T>((resolve, reject) => {
      const check = (): void => {
        const v = probe();
        if (v === undefined) return;
        cleanup();
        resolve(v);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${this.label}: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
    });
  }

  waitForRequest(name: string, timeoutMs = 10_000, from = 0): Promise<ReceivedRequest> {
    return this.waitFor(
      () => this.receivedRequests.slice(from).find((r) => r.name === name),
      timeoutMs,
      `request "${name}"`,
    );
  }

  /** Resolves when a channel of this type has been accepted AND its sender ended it. */
  waitForChannel(type: string, timeoutMs = 10_000): Promise<ReceivedChannel> {
    return this.waitFor(
      () => this.receivedChannels.find((c) => c.type === type && c.ended),
      timeoutMs,
      `channel "${type}"`,
    );
  }

  // --- teardown ----------------------------------------------------------------------------------

  private violation(text: string): void {
    this.server.violation(this, text);
  }

  /** Server-side close, like Go's sshConn.Close(): what was written is flushed, then the socket ends. */
  close(): void {
    this.transport.end();
    this.onClosed();
  }

  /** Abrupt drop: no close frame, no FIN handshake. */
  drop(): void {
    this.transport.dropAbruptly();
  }

  setBlackHole(on: boolean): void {
    this.transport.setHeld(on);
  }

  private onClosed(): void {
    if (this.state === 'closed') return;
    const wasConnected = this.state === 'connected';
    this.state = 'closed';
    if (this.requestTimer) clearTimeout(this.requestTimer);
    for (const p of this.queue.splice(0)) p.settle(CLOSED);
    for (const t of this.tunnels) for (const h of t.handles.splice(0)) void h.close();
    this.conn._protocol._rportTestServer = undefined;
    if (wasConnected) this.server.disconnected(this);
    this.resolveClosed();
    this.wake();
  }
}

const CLOSED: RequestReply = { ok: false, payload: Buffer.alloc(0) };

/** The key rportd's UI job sockets use: multi_job_id when set, else jid (null when neither). */
function uiJobKey(job: unknown): string | null {
  if (!job || typeof job !== 'object') return null;
  const { multi_job_id: multi, jid } = job as { multi_job_id?: unknown; jid?: unknown };
  if (typeof multi === 'string' && multi !== '') return multi;
  return typeof jid === 'string' ? jid : null;
}

/** rportd's checkLocalPort refusals, sent back without the "unable to start tunnel" prefix. */
class LocalPortError extends Error {}
