// A loopback TCP forwarder that can simulate network trouble between a client and a server:
// - forward:   bytes flow both ways;
// - blackHole: bytes are held in both directions, sockets stay open (a dead route; nothing closes);
//              switching back to forward delivers what was held, like TCP retransmission would;
// - drop:      every current connection is destroyed at once, and so is each new one (abrupt);
// - refuse:    new connections are closed at once (FIN), existing ones keep working.
// `dropAll()` destroys current connections without changing the mode.
// `holdCurrent()` is a congested path for the connections open now only: their bytes AND their FINs and
// closes are held (new connections pass), until `releaseHeld()` delivers them in order — so a server
// keeps a session whose client already gave up on it, as rportd does until the close reaches it.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { closeServer, listenOnce } from './port';

export type TcpProxyMode = 'forward' | 'blackHole' | 'drop' | 'refuse';

export interface TcpProxyOptions {
  targetHost?: string;
  targetPort: number;
  host?: string;
  port?: number;
}

interface Pair {
  client: Socket;
  upstream: Socket;
  heldToUpstream: Buffer[];
  heldToClient: Buffer[];
  /** Held by holdCurrent(): data, ends and closes of both directions wait for releaseHeld(). */
  held: boolean;
  /** Which side ended or closed while held (its end is delivered to the other side on release). */
  clientEndedWhileHeld: boolean;
  upstreamEndedWhileHeld: boolean;
}

export class TcpProxy {
  mode: TcpProxyMode = 'forward';
  /** Connections accepted so far (refused ones included). */
  accepted = 0;
  private readonly pairs = new Set<Pair>();
  private readonly server: Server;
  private port_ = 0;

  constructor(private readonly opts: TcpProxyOptions) {
    this.server = createServer((client) => this.onConnection(client));
  }

  get port(): number {
    return this.port_;
  }

  /** Number of forwarded connections currently open. */
  get openConnections(): number {
    return this.pairs.size;
  }

  async listen(): Promise<void> {
    this.port_ = await listenOnce(this.server, this.opts.host ?? '127.0.0.1', this.opts.port ?? 0);
  }

  private onConnection(client: Socket): void {
    this.accepted++;
    client.on('error', () => client.destroy());
    if (this.mode === 'refuse') {
      client.resume(); // discard what the peer sends, so its FIN is seen and the socket can close
      client.end();
      return;
    }
    if (this.mode === 'drop') {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(this.opts.targetPort, this.opts.targetHost ?? '127.0.0.1');
    const pair: Pair = {
      client,
      upstream,
      heldToUpstream: [],
      heldToClient: [],
      held: false,
      clientEndedWhileHeld: false,
      upstreamEndedWhileHeld: false,
    };
    this.pairs.add(pair);
    upstream.on('error', () => upstream.destroy());
    const closeBoth = (): void => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', () => {
      if (pair.held) pair.clientEndedWhileHeld = true;
      else closeBoth();
    });
    upstream.on('close', () => {
      if (pair.held) pair.upstreamEndedWhileHeld = true;
      else closeBoth();
    });
    client.on('data', (d: Buffer) => {
      if (this.mode === 'blackHole' || pair.held) pair.heldToUpstream.push(d);
      else upstream.write(d);
    });
    upstream.on('data', (d: Buffer) => {
      if (this.mode === 'blackHole' || pair.held) pair.heldToClient.push(d);
      else client.write(d);
    });
    // Half-closes are passed on only while forwarding; a black hole swallows FINs too.
    client.on('end', () => {
      if (pair.held) pair.clientEndedWhileHeld = true;
      else if (this.mode !== 'blackHole') upstream.end();
    });
    upstream.on('end', () => {
      if (pair.held) pair.upstreamEndedWhileHeld = true;
      else if (this.mode !== 'blackHole') client.end();
    });
  }

  setMode(mode: TcpProxyMode): void {
    this.mode = mode;
    if (mode === 'drop') this.dropAll();
    if (mode === 'blackHole' || mode === 'drop') return;
    for (const p of this.pairs) {
      for (const d of p.heldToUpstream.splice(0)) p.upstream.write(d);
      for (const d of p.heldToClient.splice(0)) p.client.write(d);
    }
  }

  /** Holds every connection open now (bytes, FINs and closes); connections made later pass. */
  holdCurrent(): number {
    for (const p of this.pairs) {
      p.held = true;
      // A held FIN must not make the proxy's socket end its own side at once (Node's default).
      p.client.allowHalfOpen = true;
      p.upstream.allowHalfOpen = true;
    }
    return this.pairs.size;
  }

  /** Delivers what the held connections queued, then their FINs and closes, as a late network would. */
  releaseHeld(): void {
    for (const p of [...this.pairs]) {
      if (!p.held) continue;
      p.held = false;
      for (const d of p.heldToUpstream.splice(0)) if (!p.upstream.destroyed) p.upstream.write(d);
      for (const d of p.heldToClient.splice(0)) if (!p.client.destroyed) p.client.write(d);
      if (p.clientEndedWhileHeld) {
        if (p.client.destroyed) p.upstream.end(() => p.upstream.destroy());
        else p.upstream.end();
      }
      if (p.upstreamEndedWhileHeld) {
        if (p.upstream.destroyed) p.client.end(() => p.client.destroy());
        else p.client.end();
      }
    }
  }

  /** Destroys every open connection at once (TCP RST), whatever the mode. */
  dropAll(): void {
    for (const p of [...this.pairs]) {
      p.client.resetAndDestroy();
      p.upstream.resetAndDestroy();
    }
    this.pairs.clear();
  }

  async close(): Promise<void> {
    this.dropAll();
    await closeServer(this.server);
  }
}

export async function startTcpProxy(opts: TcpProxyOptions): Promise<TcpProxy> {
  const p = new TcpProxy(opts);
  await p.listen();
  return p;
}
