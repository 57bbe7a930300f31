// A SOCKS5 server (RFC 1928, RFC 1929) for `[client] proxy = socks5h://...` tests: CONNECT only,
// no-auth or username/password. It records what the client asked for, so a test can prove that a host
// NAME arrived unresolved (socks5h: the proxy resolves). It dials loopback only: names map through
// `hosts` (plus "localhost"); anything else is refused with "connection not allowed by ruleset".
import { connect, createServer, type Server, type Socket } from 'node:net';
import { closeServer, isLoopbackAddress, listenOnce } from './port';

export interface Socks5ProxyOptions {
  host?: string;
  auth?: { username: string; password: string };
  hosts?: Record<string, string>;
}

export interface Socks5Record {
  /** How the client sent the destination: a name (socks5h) or an address it resolved itself. */
  addressType: 'ipv4' | 'domain' | 'ipv6';
  host: string;
  port: number;
  username: string | null;
  /** SOCKS reply code sent (0 = succeeded); -1 when the handshake ended before a reply. */
  reply: number;
}

const REP = {
  OK: 0,
  GENERAL: 1,
  NOT_ALLOWED: 2,
  HOST_UNREACHABLE: 4,
  REFUSED: 5,
  CMD_UNSUPPORTED: 7,
  ATYP_UNSUPPORTED: 8,
};

/** Reads exactly n bytes from a paused socket's stream of chunks. */
class ByteReader {
  private buf = Buffer.alloc(0);
  private waiter: (() => void) | null = null;
  private ended = false;
  constructor(sock: Socket) {
    sock.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.waiter?.();
    });
    sock.on('close', () => {
      this.ended = true;
      this.waiter?.();
    });
  }
  async read(n: number): Promise<Buffer> {
    while (this.buf.length < n) {
      if (this.ended) throw new Error('socks: client closed during handshake');
      await new Promise<void>((r) => (this.waiter = r));
      this.waiter = null;
    }
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }
  /** Bytes that arrived after the handshake (the start of the tunnelled stream). */
  rest(): Buffer {
    const r = this.buf;
    this.buf = Buffer.alloc(0);
    return r;
  }
}

export class Socks5Proxy {
  readonly requests: Socks5Record[] = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private port_ = 0;

  constructor(private readonly opts: Socks5ProxyOptions = {}) {
    this.server = createServer((s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
      s.on('error', () => s.destroy());
      void this.handle(s).catch(() => s.destroy());
    });
  }

  get port(): number {
    return this.port_;
  }

  /** `socks5h://[user:pass@]127.0.0.1:PORT` (or another scheme) for the client's `proxy` setting. */
  url(scheme = 'socks5h', credentials?: { username: string; password: string }): string {
    const auth = credentials
      ? `${encodeURIComponent(credentials.username)}:${encodeURIComponent(credentials.password)}@`
      : '';
    return `${scheme}://${auth}${this.opts.host ?? '127.0.0.1'}:${this.port_}`;
  }

  async listen(): Promise<void> {
    this.port_ = await listenOnce(this.server, this.opts.host ?? '127.0.0.1', 0);
  }

  private async handle(sock: Socket): Promise<void> {
    const r = new ByteReader(sock);
    const [ver, nMethods] = await r.read(2);
    if (ver !== 5) return void sock.destroy();
    const methods = [...(await r.read(nMethods!))];
    const want = this.opts.auth ? 2 : 0;
    if (!methods.includes(want)) return void sock.end(Buffer.from([5, 0xff]));
    sock.write(Buffer.from([5, want]));
    let username: string | null = null;
    if (this.opts.auth) {
      const [subVer, uLen] = await r.read(2);
      const user = (await r.read(uLen!)).toString('utf8');
      const [pLen] = await r.read(1);
      const pass = (await r.read(pLen!)).toString('utf8');
      username = user;
      const ok = subVer === 1 && user === this.opts.auth.username && pass === this.opts.auth.password;
      if (!ok) return void sock.end(Buffer.from([1, 1]));
      sock.write(Buffer.from([1, 0]));
    }
    const [v, cmd, , atyp] = await r.read(4);
    let addressType: Socks5Record['addressType'];
    let host: string;
    if (atyp === 1) {
      addressType = 'ipv4';
      host = [...(await r.read(4))].join('.');
    } else if (atyp === 3) {
      addressType = 'domain';
      const [len] = await r.read(1);
      host = (await r.read(len!)).toString('utf8');
    } else if (atyp === 4) {
      addressType = 'ipv6';
      const b = await r.read(16);
      const groups: string[] = [];
      for (let i = 0; i < 16; i += 2) groups.push(b.readUInt16BE(i).toString(16));
      host = groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
    } else {
      return void sock.end(Buffer.from([5, REP.ATYP_UNSUPPORTED, 0, 1, 0, 0, 0, 0, 0, 0]));
    }
    const port = (await r.read(2)).readUInt16BE(0);
    const rec: Socks5Record = { addressType, host, port, username, reply: -1 };
    this.requests.push(rec);
    const answer = (code: number, end: boolean): void => {
      rec.reply = code;
      const msg = Buffer.from([5, code, 0, 1, 127, 0, 0, 1, 0, 0]);
      if (end) sock.end(msg);
      else sock.write(msg);
    };
    if (v !== 5 || cmd !== 1) return answer(REP.CMD_UNSUPPORTED, true);
    const address = this.opts.hosts?.[host] ?? (host === 'localhost' ? '127.0.0.1' : host);
    if (!isLoopbackAddress(address)) return answer(REP.NOT_ALLOWED, true);
    const upstream = connect(port, address);
    upstream.once('connect', () => {
      answer(REP.OK, false);
      const early = r.rest();
      if (early.length) upstream.write(early);
      sock.removeAllListeners('data');
      sock.pipe(upstream);
      upstream.pipe(sock);
    });
    upstream.once('error', (err: NodeJS.ErrnoException) => {
      if (rec.reply === -1) answer(err.code === 'ECONNREFUSED' ? REP.REFUSED : REP.HOST_UNREACHABLE, true);
      else sock.destroy();
    });
    sock.on('close', () => upstream.destroy());
    upstream.on('close', () => sock.destroy());
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await closeServer(this.server);
  }
}

export async function startSocks5Proxy(opts: Socks5ProxyOptions = {}): Promise<Socks5Proxy> {
  const p = new Socks5Proxy(opts);
  await p.listen();
  return p;
}
