// A test rportd on loopback: `ws` for the client listener, ssh2's Server for the SSH layer, patched to
// behave like rportd 0.9.13 (server/client_listener.go) as docs/protocol.md documents it.
import { EventEmitter } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import { Server as SshServer, type AuthContext, type Connection } from 'ssh2';
import { WebSocketServer } from 'ws';
import { makeHostKey, type HostKey } from './host-key';
import { installServerHandlerPatches, internals } from './ssh2-internals';
import { TestClient, type ClientRecord, type ServerContext } from './test-client';
import { SERVER_IDENT, WsByteStream } from './ws-byte-stream';

const require = createRequire(import.meta.url);
const { KexInit } = require('ssh2/lib/protocol/kex.js') as { KexInit: new (algos: unknown) => unknown };

export interface Capabilities {
  ServerVersion?: string;
  MonitoringVersion?: number;
  IPAddressesVersion?: number;
}

export interface TestRportdOptions {
  host?: string;
  port?: number;
  clients?: Record<string, string>;
  keySeed?: string;
  checkClientsConnectionInterval?: number;
  pingTimeoutMs?: number;
  clientLoginWaitMs?: number;
  /** rportd `max_failed_login` (default 5; 0 disables the IP ban). */
  maxFailedLogin?: number;
  /** rportd `ban_time` in ms (default 1 h): banned IPs get HTTP 423 at the WebSocket stage. */
  banTimeMs?: number;
  maxRequestBytes?: number;
  capabilities?: Capabilities | null;
  sftpRoot?: string;
  /** How long rportd waits for the first global request after auth (default 5 min). */
  connectionRequestTimeoutMs?: number;
}

export interface Faults {
  refuseAuth: boolean;
  replyAlreadyConnected: boolean;
  newConnectionFailure: string | null;
  delayNewConnectionReplyMs: number;
  stopAnsweringPings: boolean;
  rejectWebSocket: number | null;
}

export interface RequestEvent {
  client: TestClient;
  name: string;
  wantReply: boolean;
  payload: Buffer;
}

// golang.org/x/crypto v0.7.0 server defaults (docs/protocol.md §2.4); no strict-KEX marker, which
// x/crypto only learned later (ssh2's Server would otherwise always advertise it).
const RPORTD_ALGORITHMS = {
  kex: [
    'curve25519-sha256',
    'curve25519-sha256@libssh.org',
    'ecdh-sha2-nistp256',
    'ecdh-sha2-nistp384',
    'ecdh-sha2-nistp521',
    'diffie-hellman-group14-sha256',
    'diffie-hellman-group14-sha1',
  ],
  serverHostKey: ['ecdsa-sha2-nistp256'],
  cipher: [
    'aes128-gcm@openssh.com',
    'aes256-gcm@openssh.com',
    'chacha20-poly1305@openssh.com',
    'aes128-ctr',
    'aes192-ctr',
    'aes256-ctr',
  ],
  hmac: [
    'hmac-sha2-256-etm@openssh.com',
    'hmac-sha2-512-etm@openssh.com',
    'hmac-sha2-256',
    'hmac-sha2-512',
    'hmac-sha1',
  ],
  compress: ['none'],
};
const RPORTD_OFFER = new KexInit({
  kex: RPORTD_ALGORITHMS.kex,
  serverHostKey: RPORTD_ALGORITHMS.serverHostKey,
  cs: { cipher: RPORTD_ALGORITHMS.cipher, mac: RPORTD_ALGORITHMS.hmac, compress: RPORTD_ALGORITHMS.compress, lang: [] },
  sc: { cipher: RPORTD_ALGORITHMS.cipher, mac: RPORTD_ALGORITHMS.hmac, compress: RPORTD_ALGORITHMS.compress, lang: [] },
});

const DEFAULT_CAPABILITIES: Required<Capabilities> = {
  ServerVersion: '0.9.13',
  MonitoringVersion: 1,
  IPAddressesVersion: 1,
};
// ssh2's server pings clients with keepalive@openssh.com every 15 s by default; rportd never does.
// The largest setInterval delay Node honours disables it in practice.
const NO_KEEPALIVE = 2 ** 31 - 1;

function statusText(status: number): string {
  const texts: Record<number, string> = {
    400: 'Bad Request',
    404: 'Not Found',
    405: 'Method Not Allowed',
    423: 'Locked',
  };
  return texts[status] ?? 'Error';
}

function writeHttpError(socket: Socket, status: number, body = ''): void {
  if (socket.destroyed) return;
  socket.end(
    `HTTP/1.1 ${status} ${statusText(status)}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function ipOf(socket: Socket): string {
  return (socket.remoteAddress ?? '').replace(/^::ffff:/, '');
}

export class TestRportd implements ServerContext {
  readonly faults: Faults = {
    refuseAuth: false,
    replyAlreadyConnected: false,
    newConnectionFailure: null,
    delayNewConnectionReplyMs: 0,
    stopAnsweringPings: false,
    rejectWebSocket: null,
  };
  readonly events = new EventEmitter();
  readonly log: string[] = [];
  readonly violations: string[] = [];
  readonly options: ServerContext['options'];
  readonly bindHost: string;
  readonly hostKey: HostKey;

  private port_ = 0;
  private http: HttpServer | null = null;
  private readonly wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    // Never echo Sec-WebSocket-Protocol: rportd's upgrader has no subprotocol list (§1.3).
    handleProtocols: () => false,
    maxPayload: 64 * 1024 * 1024,
  });
  private readonly ssh: SshServer;
  private readonly rawSockets = new Set<Socket>();
  private readonly streams = new Set<WsByteStream>();
  private readonly headersByStream = new WeakMap<WsByteStream, IncomingHttpHeaders>();
  private readonly connections = new Set<TestClient>();
  private readonly connectedClients: TestClient[] = [];
  private readonly records = new Map<string, ClientRecord>();
  private readonly bannedAuthIds = new Map<string, number>();
  private readonly badAttempts = new Map<string, number>();
  private readonly bannedIps = new Map<string, number>();
  private blackHoled = false;
  private heldUpgrades: { req: IncomingMessage; socket: Socket; head: Buffer }[] = [];
  private statusTimer: NodeJS.Timeout | null = null;
  private readonly credentials: Record<string, string>;
  private readonly clientLoginWaitMs: number;
  private readonly maxFailedLogin: number;
  private readonly banTimeMs: number;

  constructor(private readonly opts: TestRportdOptions) {
    installServerHandlerPatches();
    this.hostKey = makeHostKey(opts.keySeed);
    this.credentials = opts.clients ?? { client1: 'secret1' };
    this.clientLoginWaitMs = opts.clientLoginWaitMs ?? 2000;
    this.maxFailedLogin = opts.maxFailedLogin ?? 5;
    this.banTimeMs = opts.banTimeMs ?? 3_600_000;
    this.bindHost = opts.host ?? '127.0.0.1';
    this.options = {
      maxRequestBytes: opts.maxRequestBytes ?? 512 * 1024,
      pingTimeoutMs: opts.pingTimeoutMs ?? 30_000,
      capabilities: opts.capabilities === null ? null : { ...DEFAULT_CAPABILITIES, ...(opts.capabilities ?? {}) },
      sftpRoot: opts.sftpRoot,
      connectionRequestTimeoutMs: opts.connectionRequestTimeoutMs ?? 300_000,
    };
    this.ssh = new SshServer(
      {
        hostKeys: [this.hostKey.pem],
        ident: 'rport-v1-server',
        keepaliveInterval: NO_KEEPALIVE,
        algorithms: {
          kex: RPORTD_ALGORITHMS.kex,
          serverHostKey: RPORTD_ALGORITHMS.serverHostKey,
          cipher: RPORTD_ALGORITHMS.cipher,
          hmac: RPORTD_ALGORITHMS.hmac,
          compress: RPORTD_ALGORITHMS.compress,
        } as never,
      },
      (client, info) => this.onSshConnection(client, info.ip),
    );
    this.ssh.on('error', (err: Error) => this.note(`ssh server error: ${err.message}`));
  }

  get port(): number {
    return this.port_;
  }

  get url(): string {
    const h = this.bindHost.includes(':') ? `[${this.bindHost}]` : this.bindHost;
    return `ws://${h}:${this.port_}`;
  }

  get fingerprint(): string {
    return this.hostKey.fingerprint;
  }

  /** Clients whose new_connection succeeded and whose connection is still open. */
  get clients(): TestClient[] {
    return [...this.connectedClients];
  }

  async listen(port = this.opts.port ?? 0): Promise<void> {
    const http = createServer((req, res) => {
      // Plain HTTP to the client listener: banned IPs get 423, everything else 404 (no reverse proxy).
      const ip = ipOf(req.socket);
      if (this.isIpBanned(ip)) {
        res.writeHead(423, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('Too many bad attempts. Please try later.\n');
        return;
      }
      res.writeHead(404);
      res.end();
    });
    http.on('connection', (s: Socket) => {
      this.rawSockets.add(s);
      s.on('close', () => this.rawSockets.delete(s));
    });
    http.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => this.onUpgrade(req, socket, head));
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen({ host: this.bindHost, port }, () => {
        http.off('error', reject);
        resolve();
      });
    });
    const addr = http.address();
    this.port_ = typeof addr === 'object' && addr ? addr.port : port;
    this.http = http;
    const interval = this.opts.checkClientsConnectionInterval;
    if (interval && interval > 0) {
      this.statusTimer = setInterval(() => this.checkClientsConnection(interval), interval);
      this.statusTimer.unref();
    }
  }

  // --- WebSocket stage ---------------------------------------------------------------------------

  private onUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    this.events.emit('upgrade', req.headers);
    if (this.blackHoled) {
      this.heldUpgrades.push({ req, socket, head });
      return;
    }
    const ip = ipOf(socket);
    if (this.isIpBanned(ip)) return writeHttpError(socket, 423, 'Too many bad attempts. Please try later.\n');
    if (this.faults.rejectWebSocket !== null) {
      this.note(`upgrade rejected with ${this.faults.rejectWebSocket} (fault rejectWebSocket)`);
      return writeHttpError(socket, this.faults.rejectWebSocket);
    }
    const upgrade = String(req.headers['upgrade'] ?? '').toLowerCase();
    const protocol = req.headers['sec-websocket-protocol'];
    if (upgrade !== 'websocket' || protocol !== 'rport-v1') {
      if (upgrade === 'websocket' && typeof protocol === 'string' && protocol.startsWith('rport-'))
        this.note(`ignored client connection using protocol '${protocol}', expected 'rport-v1'`);
      else
        this.note(`upgrade without "Sec-WebSocket-Protocol: rport-v1" (got ${JSON.stringify(protocol ?? null)}): 404`);
      return writeHttpError(socket, 404);
    }
    // gorilla/websocket accepts version 13 only (ws would also take 8).
    if (req.headers['sec-websocket-version'] !== '13') return writeHttpError(socket, 400, 'Bad Request\n');
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const stream = new WsByteStream(ws, socket, (t) => this.note(t));
      if (this.blackHoled) stream.setHeld(true);
      this.streams.add(stream);
      this.headersByStream.set(stream, req.headers);
      stream.on('close', () => this.streams.delete(stream));
      stream.on('error', () => undefined);
      this.ssh.injectSocket(stream as unknown as Socket);
    });
  }

  // --- SSH stage -----------------------------------------------------------------------------------

  private onSshConnection(client: Connection, ip: string | undefined): void {
    const conn = internals(client);
    const stream = conn._sock as unknown as WsByteStream;
    const proto = conn._protocol as typeof conn._protocol & { _offer: unknown };
    // The KEX hash must use the ident bytes really sent on the wire, on both sides (§2.1).
    proto._identRaw = Buffer.from(SERVER_IDENT, 'latin1');
    if (stream.clientIdentRewritten && stream.clientIdent) proto._remoteIdentRaw = stream.clientIdent;
    proto._offer = RPORTD_OFFER;
    const tc = new TestClient(this, client, stream, (this.headersByStream.get(stream) ?? {}) as TestClient['headers']);
    this.connections.add(tc);
    void tc.whenClosed.then(() => this.connections.delete(tc));
    let authId = '';
    client.on('authentication', (ctx: AuthContext) => {
      authId = ctx.username;
      this.authenticate(ctx, (ip ?? '').replace(/^::ffff:/, ''));
    });
    client.on('ready', () => tc.authenticated(authId));
    client.on('error', (err: Error) => {
      if (/Bad packet length/.test(err.message))
        this.note(
          `packet too large: over the 256 KiB limit rportd's x/crypto enforces (ssh2 patched to match): ${err.message}`,
        );
      else this.note(`ssh error (${tc.label}): ${err.message}`);
    });
  }

  private authenticate(ctx: AuthContext, ip: string): void {
    // x/crypto with only a PasswordCallback offers "password" and nothing else; `none` is not a bad login.
    if (ctx.method !== 'password') return ctx.reject(['password']);
    const id = ctx.username;
    const until = this.bannedAuthIds.get(id);
    if (until !== undefined && until > Date.now()) {
      this.note(`Failed login attempt for client auth id "${id}", forcing to wait (${ip})`);
      return ctx.reject(['password']);
    }
    const expected = this.credentials[id];
    if (this.faults.refuseAuth || expected === undefined || expected !== ctx.password) {
      this.note(`Login failed for client auth id: ${id}${this.faults.refuseAuth ? ' (fault refuseAuth)' : ''}`);
      if (this.clientLoginWaitMs > 0) this.bannedAuthIds.set(id, Date.now() + this.clientLoginWaitMs);
      if (this.maxFailedLogin > 0 && this.banTimeMs > 0) {
        const n = (this.badAttempts.get(ip) ?? 0) + 1;
        this.badAttempts.set(ip, n);
        if (n >= this.maxFailedLogin) {
          this.bannedIps.set(ip, Date.now() + this.banTimeMs);
          this.badAttempts.delete(ip);
          this.note(`IP ${ip} banned after ${n} failed logins`);
        }
      }
      return ctx.reject(['password']);
    }
    this.badAttempts.delete(ip);
    ctx.accept();
  }

  private isIpBanned(ip: string): boolean {
    const until = this.bannedIps.get(ip);
    return until !== undefined && until > Date.now();
  }

  /** Forgets auth-id and IP bans (tests that exercise auth failures call this between cases). */
  clearBans(): void {
    this.bannedAuthIds.clear();
    this.badAttempts.clear();
    this.bannedIps.clear();
  }

  // --- status check (§2.6) -------------------------------------------------------------------------

  private checkClientsConnection(interval: number): void {
    const now = Date.now();
    for (const c of this.clients) {
      if (c.lastHeartbeatAt !== null && now - c.lastHeartbeatAt < interval - 10_000) continue;
      c.ping(this.options.pingTimeoutMs).catch(() => undefined);
    }
  }

  // --- ServerContext -------------------------------------------------------------------------------

  violation(client: TestClient, text: string): void {
    const line = `${client.label}: ${text}`;
    this.violations.push(line);
    this.log.push(`VIOLATION ${line}`);
    this.events.emit('violation', line);
  }

  note(text: string): void {
    this.log.push(text);
  }

  emitRequest(event: RequestEvent): void {
    this.events.emit('request', event);
  }

  record(clientId: string): ClientRecord | undefined {
    return this.records.get(clientId);
  }

  saveRecord(record: ClientRecord): void {
    this.records.set(record.id, record);
  }

  connected(client: TestClient): void {
    this.connectedClients.push(client);
    this.note(`${client.label}: connected (session ${client.sessionId})`);
    this.events.emit('client', client);
  }

  disconnected(client: TestClient): void {
    const i = this.connectedClients.indexOf(client);
    if (i >= 0) this.connectedClients.splice(i, 1);
    this.note(`${client.label}: disconnected`);
    this.events.emit('disconnect', client);
  }

  // --- test controls -------------------------------------------------------------------------------

  waitForClient(pred: (c: TestClient) => boolean = () => true, timeoutMs = 10_000): Promise<TestClient> {
    const found = this.clients.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const onClient = (c: TestClient): void => {
        if (!pred(c)) return;
        clearTimeout(timer);
        this.events.off('client', onClient);
        resolve(c);
      };
      const timer = setTimeout(() => {
        this.events.off('client', onClient);
        reject(
          new Error(`no matching client connected within ${timeoutMs} ms; log:\n${this.log.slice(-20).join('\n')}`),
        );
      }, timeoutMs);
      this.events.on('client', onClient);
    });
  }

  waitForDisconnect(client: TestClient, timeoutMs = 10_000): Promise<void> {
    if (client.isClosed) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${client.label} still connected after ${timeoutMs} ms`)),
        timeoutMs,
      );
      void client.whenClosed.then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  dropAll(): void {
    for (const s of this.streams) s.dropAbruptly();
    for (const h of this.heldUpgrades.splice(0)) h.socket.destroy();
  }

  blackHole(on: boolean): void {
    this.blackHoled = on;
    for (const s of this.streams) s.setHeld(on);
    if (!on) for (const h of this.heldUpgrades.splice(0)) this.onUpgrade(h.req, h.socket, h.head);
  }

  async stop(): Promise<void> {
    if (this.statusTimer) clearInterval(this.statusTimer);
    this.statusTimer = null;
    const http = this.http;
    this.http = null;
    for (const h of this.heldUpgrades.splice(0)) h.socket.destroy();
    for (const s of this.rawSockets) s.destroy();
    const closes = [...this.connections].map((c) => {
      c.close();
      return c.whenClosed;
    });
    if (http) await new Promise<void>((resolve) => http.close(() => resolve()));
    await Promise.all(closes);
  }

  /** Stop, then listen again on the same port with the same host key (client records are kept). */
  async restart(): Promise<void> {
    const port = this.port_;
    await this.stop();
    await this.listen(port);
  }
}

export async function startTestRportd(options: TestRportdOptions = {}): Promise<TestRportd> {
  const server = new TestRportd(options);
  await server.listen();
  return server;
}
