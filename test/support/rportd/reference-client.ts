// A minimal rport client built straight from the verified prototype hooks
// (the ssh2 hook recipes of docs/protocol.md §11), independent of main/engine. The test rportd's
// self-tests drive it, including into protocol violations, to prove the server's rules.
import { createHash, randomUUID } from 'node:crypto';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createRequire } from 'node:module';
import type { Agent } from 'node:http';
import { connect as netConnect } from 'node:net';
import { Duplex } from 'node:stream';
import { Client, type SFTPWrapper } from 'ssh2';
import WebSocket from 'ws';
import { GobStreamDecoder, GobStreamEncoder, ipString, type UdpAddr } from './gob';
import {
  internals,
  MSG,
  openRawChannel,
  parseChannelOpen,
  sendGlobalRequest,
  sendRequestReply,
  acceptIncomingChannel,
  type IncomingChannelOpen,
  type ProtocolInternals,
  type Ssh2Channel,
} from './ssh2-internals';

const require = createRequire(import.meta.url);
type RawHandler = (self: ProtocolInternals & ClientHookHost, payload: Buffer) => void;
const HANDLERS = require('ssh2/lib/protocol/handlers.js') as RawHandler[] & Record<symbol, boolean>;
const PATCHED = Symbol.for('rport-test-reference-client.handler-patch');
const GO_CLIENT_IDENT = 'SSH-rport-v1-client';

interface ClientHookHost {
  _rportRefClient?: { onRportOpen(info: IncomingChannelOpen): void };
}

/** Client-side patches, chain-friendly: only client instances of THIS reference client are handled. */
function installClientPatches(): void {
  if (HANDLERS[PATCHED]) return;
  HANDLERS[PATCHED] = true;
  const prevFailure = HANDLERS[MSG.REQUEST_FAILURE];
  HANDLERS[MSG.REQUEST_FAILURE] = (self, payload) => {
    if (self._server || !self._rportRefClient) return prevFailure?.(self, payload);
    const h = self._handlers.REQUEST_FAILURE as ((p: unknown, d: Buffer | null) => void) | undefined;
    h?.(self, payload.length > 1 ? Buffer.from(payload.subarray(1)) : null);
  };
  const prevOpen = HANDLERS[MSG.CHANNEL_OPEN];
  HANDLERS[MSG.CHANNEL_OPEN] = (self, payload) => {
    const hooks = self._server ? undefined : self._rportRefClient;
    const info = hooks ? parseChannelOpen(payload) : null;
    if (!hooks || !info || info.type !== 'rport') return prevOpen?.(self, payload);
    hooks.onRportOpen(info);
  };
}

export interface ServerRequest {
  name: string;
  wantReply: boolean;
  payload: Buffer;
}

/** What to answer a server request with; `null` sends no reply at all. */
export type ServerRequestAnswer = { ok: boolean; payload: Buffer | null } | null;

export interface ReferenceClientOptions {
  url: string;
  auth?: { id: string; password: string };
  fingerprint?: string;
  /** Value of Sec-WebSocket-Protocol sent as a plain header; null omits it. */
  protocolHeader?: string | null;
  /** Pass the subprotocol through ws's `protocols` argument instead (ws then demands an echo). */
  useProtocolsArgument?: boolean;
  headers?: Record<string, string>;
  /** ssh2 ident suffix: "rport-v1-client" gives "SSH-2.0-rport-v1-client". */
  ident?: string;
  /** Send the Go client's exact ident line "SSH-rport-v1-client" (not SSH-2.0-...). */
  goIdent?: boolean;
  readyTimeoutMs?: number;
  /** rport channel targets (extra data) to refuse as `tunnel_allowed` would. */
  refuseTarget?: (extra: string) => boolean;
  agent?: Agent;
}

/** The byte stream over WebSocket, with the server-ident rewrite of §2.1. */
class WsStream extends Duplex {
  first = true;
  firstWrite = true;
  origIdent: Buffer | null = null;
  constructor(
    private readonly ws: WebSocket,
    private readonly goIdent: boolean,
  ) {
    // A closed WebSocket ends both directions, so ssh2 sees the socket close (not just end).
    super({ allowHalfOpen: false });
    ws.on('message', (d: Buffer) => {
      if (this.first) {
        this.first = false;
        const s = d.toString('latin1');
        const line = s.slice(0, s.indexOf('\n')).replace(/\r$/, '');
        if (/^SSH-/.test(line) && !/^SSH-(2\.0|1\.99)-/.test(line)) {
          this.origIdent = Buffer.from(line, 'latin1');
          d = Buffer.concat([Buffer.from('SSH-2.0-', 'latin1'), d.subarray(4)]);
        }
      }
      this.push(d);
    });
    ws.on('close', () => this.push(null));
    ws.on('error', (e) => this.destroy(e));
  }
  override _read(): void {}
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    if (this.firstWrite && this.goIdent) {
      const s = chunk.toString('latin1');
      if (s.startsWith('SSH-2.0-'))
        chunk = Buffer.concat([Buffer.from(GO_CLIENT_IDENT + '\r\n', 'latin1'), chunk.subarray(s.indexOf('\n') + 1)]);
    }
    this.firstWrite = false;
    // After a close, ssh2 may still flush a DISCONNECT: drop it like a closed TCP socket would.
    if (this.ws.readyState !== WebSocket.OPEN) return cb();
    this.ws.send(chunk, { binary: true }, cb);
  }
  override _final(cb: () => void): void {
    this.ws.terminate();
    cb();
  }
}

export function defaultConnectionRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ID: 'ref-client-1',
    Name: 'ref-client',
    SessionID: randomUUID(),
    OS: 'Linux ref 6.1.0 x86_64 GNU/Linux',
    OSFullName: 'Debian 12',
    OSVersion: '12',
    OSVirtualizationSystem: '',
    OSVirtualizationRole: '',
    OSArch: 'amd64',
    OSFamily: 'debian',
    OSKernel: 'linux',
    Version: '0.9.12',
    Hostname: 'ref',
    CPUFamily: '6',
    CPUModel: '85',
    CPUModelName: 'test cpu',
    CPUVendor: 'GenuineIntel',
    NumCPUs: 2,
    MemoryTotal: 8348520448,
    Timezone: 'UTC (UTC+00:00)',
    IPv4: [],
    IPv6: [],
    Tags: [],
    Labels: {},
    Remotes: null,
    ClientConfiguration: {
      client: { server: 'ws://127.0.0.1', auth: '', auth_pass: '', auth_user: '', proxy_url: null, tunnels: null },
      connection: { keep_alive: 180000000000, keep_alive_timeout: 30000000000, max_retry_count: -1 },
      logging: { log_file: { File: null }, log_level: 1 },
      remote_commands: { enabled: false, allow_regexp: null, deny_regexp: null },
      remote_scripts: { enabled: false },
      monitoring: { enabled: false, interval: 60000000000 },
      file_reception: { protected: [], enabled: true },
      interpreter_aliases: {},
      interpreter_aliases_encodings: {},
    },
    ...overrides,
  };
}

export class ReferenceClient {
  readonly serverRequests: ServerRequest[] = [];
  /** Decides the reply to each server request; default: ping → empty success, check_* → allowed/open. */
  answer: (req: ServerRequest) => ServerRequestAnswer = defaultAnswer;
  readonly closed: Promise<void>;
  readonly rportChannels: string[] = [];
  private readonly fifo: ((ok: boolean, data: Buffer | null) => void)[] = [];
  private readonly udpSockets: UdpSocket[] = [];

  constructor(
    readonly ssh: Client,
    readonly ws: WebSocket,
    readonly serverIdent: string,
    readonly serverFingerprint: string,
    private readonly refuseTarget: (extra: string) => boolean,
  ) {
    this.closed = new Promise((resolve) => ssh.once('close', () => resolve()));
    const proto = internals(ssh)._protocol as ProtocolInternals & ClientHookHost & { _rportOnChannelOpen?: unknown };
    proto._handlers.REQUEST_SUCCESS = ((_p: unknown, data: Buffer | null) => this.fifo.shift()?.(true, data)) as never;
    proto._handlers.REQUEST_FAILURE = ((_p: unknown, data: Buffer | null) =>
      this.fifo.shift()?.(false, data ?? null)) as never;
    proto._handlers.GLOBAL_REQUEST = ((_p: unknown, name: string, wantReply: boolean, data: unknown) =>
      this.onServerRequest({
        name,
        wantReply,
        payload: Buffer.isBuffer(data) ? Buffer.from(data) : Buffer.alloc(0),
      })) as never;
    proto._rportRefClient = { onRportOpen: (info) => this.onRportOpen(info) };
    // Also the prototype's hook name, in case a prototype-style patch of handler 90 is installed later.
    proto._rportOnChannelOpen = (info: IncomingChannelOpen) => this.onRportOpen(info);
    ssh.on('close', () => this.cleanup());
  }

  private get proto(): ProtocolInternals {
    return internals(this.ssh)._protocol;
  }

  private onServerRequest(req: ServerRequest): void {
    this.serverRequests.push(req);
    if (!req.wantReply) return;
    const a = this.answer(req);
    if (a) sendRequestReply(this.proto, a.ok, a.payload);
  }

  /** Sends a global request. want_reply=false resolves at once with an empty success. */
  request(
    name: string,
    payload: Buffer | object | null,
    wantReply = true,
    timeoutMs = 10_000,
  ): Promise<{ ok: boolean; payload: Buffer }> {
    const data = payload === null ? null : Buffer.isBuffer(payload) ? payload : Buffer.from(JSON.stringify(payload));
    if (!wantReply) {
      sendGlobalRequest(this.proto, name, false, data);
      return Promise.resolve({ ok: true, payload: Buffer.alloc(0) });
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name}: no reply within ${timeoutMs} ms`)), timeoutMs);
      this.fifo.push((ok, d) => {
        clearTimeout(timer);
        resolve({ ok, payload: d ?? Buffer.alloc(0) });
      });
      sendGlobalRequest(this.proto, name, true, data);
    });
  }

  newConnection(
    overrides: Record<string, unknown> = {},
    timeoutMs?: number,
  ): Promise<{ ok: boolean; payload: Buffer }> {
    return this.request('new_connection', defaultConnectionRequest(overrides), true, timeoutMs);
  }

  /** Sends a reply nobody asked for (to test the server's FIFO strictness). */
  sendRawReply(ok: boolean, payload: Buffer | null): void {
    sendRequestReply(this.proto, ok, payload);
  }

  /** Opens a custom channel to the server (`stdout`/`stderr`) with raw extra data. */
  openChannel(type: string, extra: Buffer): Promise<Ssh2Channel> {
    return new Promise((resolve, reject) =>
      openRawChannel(internals(this.ssh), type, extra, (err, stream) =>
        err || !stream ? reject(err) : resolve(stream),
      ),
    );
  }

  sftp(): Promise<SFTPWrapper> {
    return new Promise((resolve, reject) => this.ssh.sftp((err, sftp) => (err ? reject(err) : resolve(sftp))));
  }

  private onRportOpen(info: IncomingChannelOpen): void {
    const extra = info.extra.toString('utf8');
    this.rportChannels.push(extra);
    if (this.refuseTarget(extra)) {
      this.proto.channelOpenFail(info.sender, 1, 'not allowed with "tunnel_allowed" config', '');
      return;
    }
    const stream = acceptIncomingChannel(internals(this.ssh), info, false);
    if (!stream) return;
    const [addr = '', protocol = 'tcp'] = extra.split('/');
    const i = addr.lastIndexOf(':');
    const host = addr.slice(0, i).replace(/^\[|\]$/g, '');
    const port = Number(addr.slice(i + 1));
    if (protocol === 'udp') return this.serveUdp(stream, host, port);
    const dst = netConnect(port, host);
    stream.pipe(dst).pipe(stream);
    dst.on('error', () => stream.close());
    dst.on('close', () => stream.close());
    stream.on('close', () => dst.destroy());
  }

  private serveUdp(stream: Ssh2Channel, host: string, port: number): void {
    const decoder = new GobStreamDecoder();
    const encoder = new GobStreamEncoder();
    const perSource = new Map<string, UdpSocket>();
    stream.on('data', (chunk: Buffer) => {
      for (const m of decoder.push(chunk)) {
        if (!m.addr) continue;
        const addr: UdpAddr = m.addr;
        const key = `${ipString(addr.ip)}:${addr.port}`;
        let sock = perSource.get(key);
        if (!sock) {
          sock = createSocket(host.includes(':') ? 'udp6' : 'udp4');
          this.udpSockets.push(sock);
          perSource.set(key, sock);
          sock.on('message', (data) => stream.write(encoder.encode({ addr, data })));
          sock.connect(port, host);
          const s = sock;
          const payload = m.data;
          sock.once('connect', () => s.send(payload));
          continue;
        }
        sock.send(m.data);
      }
    });
  }

  private cleanup(): void {
    for (const s of this.udpSockets.splice(0)) {
      try {
        s.close();
      } catch {
        // already closed
      }
    }
  }

  close(): Promise<void> {
    this.ssh.end();
    this.ws.terminate();
    return this.closed;
  }
}

function defaultAnswer(req: ServerRequest): ServerRequestAnswer {
  switch (req.name) {
    case 'ping':
      return { ok: true, payload: null };
    case 'check_tunnel_allowed':
      return { ok: true, payload: Buffer.from('{"IsAllowed":true}') };
    case 'check_port':
      return { ok: true, payload: Buffer.from('{"Open":true,"ErrMsg":""}') };
    default:
      return { ok: false, payload: Buffer.from('unknown request') };
  }
}

export function fingerprintOf(keyBlob: Buffer): string {
  return createHash('md5').update(keyBlob).digest('hex').match(/../g)!.join(':');
}

/** Connects over WebSocket + SSH (password auth) and resolves once SSH is ready. */
export function connectReferenceClient(opts: ReferenceClientOptions): Promise<ReferenceClient> {
  installClientPatches();
  const headers: Record<string, string> = { 'User-Agent': 'rport 0.9.12', ...(opts.headers ?? {}) };
  const protocolHeader = opts.protocolHeader === undefined ? 'rport-v1' : opts.protocolHeader;
  if (protocolHeader !== null && !opts.useProtocolsArgument) headers['Sec-WebSocket-Protocol'] = protocolHeader;
  const wsOpts = {
    headers,
    perMessageDeflate: false,
    handshakeTimeout: 10_000,
    ...(opts.agent ? { agent: opts.agent } : {}),
  };
  const ws = opts.useProtocolsArgument
    ? new WebSocket(opts.url, ['rport-v1'], wsOpts)
    : new WebSocket(opts.url, wsOpts);
  return new Promise((resolve, reject) => {
    ws.once('error', (e) => reject(e));
    ws.once('open', () => {
      const sock = new WsStream(ws, opts.goIdent === true);
      const ssh = new Client();
      let fingerprint = '';
      ssh.once('error', (e) => {
        ssh.on('error', () => undefined);
        ws.terminate();
        reject(e);
      });
      ssh.once('ready', () => {
        ssh.removeAllListeners('error');
        ssh.on('error', () => undefined);
        const ident =
          sock.origIdent?.toString('latin1') ?? internals(ssh)._protocol._remoteIdentRaw?.toString('latin1') ?? '';
        resolve(new ReferenceClient(ssh, ws, ident, fingerprint, opts.refuseTarget ?? (() => false)));
      });
      const auth = opts.auth ?? { id: 'client1', password: 'secret1' };
      ssh.connect({
        sock,
        username: auth.id,
        password: auth.password,
        ident: opts.ident ?? 'rport-v1-client',
        readyTimeout: opts.readyTimeoutMs ?? 10_000,
        hostVerifier: (key: Buffer) => {
          fingerprint = fingerprintOf(key);
          return !opts.fingerprint || fingerprint.startsWith(opts.fingerprint);
        },
      });
      const proto = internals(ssh)._protocol;
      // The KEX hash must use the ident bytes actually sent.
      if (opts.goIdent) proto._identRaw = Buffer.from(GO_CLIENT_IDENT, 'latin1');
      const origOnHeader = proto._onHeader;
      proto._onHeader = (header: unknown) => {
        if (sock.origIdent) proto._remoteIdentRaw = sock.origIdent;
        origOnHeader(header);
      };
    });
  });
}
