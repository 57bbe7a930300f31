// An HTTP CONNECT proxy for `[client] proxy = http://[user:pass@]host:port` tests. It records every
// request, checks Basic proxy auth when configured, and only ever dials loopback: host names are
// mapped through `hosts` (plus "localhost"), anything else is refused with 403.
import { connect, type Socket } from 'node:net';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import { closeServer, isLoopbackAddress, listenOnce } from './port';

export interface HttpConnectProxyOptions {
  host?: string;
  /** Require Basic proxy auth with these credentials. */
  auth?: { username: string; password: string };
  /** Name → loopback address the proxy resolves names to (the client never resolves them). */
  hosts?: Record<string, string>;
  /** Answer every CONNECT with this status instead (e.g. a proxy that wrongly sends 401). */
  answer?: { status: number; text: string };
}

export interface ConnectRecord {
  method: string;
  /** The request target as sent, e.g. "rportd.test:8080". */
  target: string;
  host: string;
  port: number;
  headers: IncomingHttpHeaders;
  /** User name from Proxy-Authorization, if any (the password is checked, never stored). */
  username: string | null;
  /** HTTP status the proxy answered with. */
  status: number;
}

function parseTarget(target: string): { host: string; port: number } | null {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(target) ?? /^([^:]+):(\d+)$/.exec(target);
  return m ? { host: m[1]!, port: Number(m[2]) } : null;
}

function parseBasic(header: string | undefined): { username: string; password: string } | null {
  const m = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!m) return null;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i < 0 ? null : { username: decoded.slice(0, i), password: decoded.slice(i + 1) };
}

export class HttpConnectProxy {
  readonly requests: ConnectRecord[] = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private port_ = 0;

  constructor(private readonly opts: HttpConnectProxyOptions = {}) {
    this.server = createServer((req, res) => {
      this.requests.push(this.record(req, req.url ?? '', 405));
      res.writeHead(405, { Connection: 'close' });
      res.end('only CONNECT is supported\n');
    });
    this.server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) =>
      this.onConnect(req, client, head),
    );
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  get port(): number {
    return this.port_;
  }

  /** `http://[user:pass@]127.0.0.1:PORT` for the client's `proxy` setting. */
  url(credentials?: { username: string; password: string }): string {
    const auth = credentials
      ? `${encodeURIComponent(credentials.username)}:${encodeURIComponent(credentials.password)}@`
      : '';
    return `http://${auth}${this.opts.host ?? '127.0.0.1'}:${this.port_}`;
  }

  async listen(): Promise<void> {
    this.port_ = await listenOnce(this.server, this.opts.host ?? '127.0.0.1', 0);
  }

  private record(req: IncomingMessage, target: string, status: number): ConnectRecord {
    const t = parseTarget(target);
    return {
      method: req.method ?? '',
      target,
      host: t?.host ?? '',
      port: t?.port ?? 0,
      headers: req.headers,
      username: parseBasic(req.headers['proxy-authorization'])?.username ?? null,
      status,
    };
  }

  private reply(client: Socket, rec: ConnectRecord, status: number, text: string, extra = ''): void {
    rec.status = status;
    client.end(`HTTP/1.1 ${status} ${text}\r\n${extra}Content-Length: 0\r\n\r\n`);
  }

  private onConnect(req: IncomingMessage, client: Socket, head: Buffer): void {
    client.on('error', () => client.destroy());
    const rec = this.record(req, req.url ?? '', 0);
    this.requests.push(rec);
    if (this.opts.answer) return this.reply(client, rec, this.opts.answer.status, this.opts.answer.text);
    if (this.opts.auth) {
      const creds = parseBasic(req.headers['proxy-authorization']);
      if (!creds || creds.username !== this.opts.auth.username || creds.password !== this.opts.auth.password)
        return this.reply(
          client,
          rec,
          407,
          'Proxy Authentication Required',
          'Proxy-Authenticate: Basic realm="test-proxy"\r\n',
        );
    }
    const t = parseTarget(rec.target);
    if (!t) return this.reply(client, rec, 400, 'Bad Request');
    const address = this.opts.hosts?.[t.host] ?? (t.host === 'localhost' ? '127.0.0.1' : t.host);
    if (!isLoopbackAddress(address)) return this.reply(client, rec, 403, 'Forbidden');
    const upstream = connect(t.port, address);
    upstream.once('connect', () => {
      rec.status = 200;
      client.write('HTTP/1.1 200 Connection established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.once('error', () => {
      if (rec.status === 0) this.reply(client, rec, 502, 'Bad Gateway');
      else client.destroy();
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await closeServer(this.server);
  }
}

export async function startHttpConnectProxy(opts: HttpConnectProxyOptions = {}): Promise<HttpConnectProxy> {
  const p = new HttpConnectProxy(opts);
  await p.listen();
  return p;
}
