// The SSH byte stream over WebSocket, server side, as rportd's share/conn_ws.go does it
// (docs/protocol.md §1.4): every write is one binary message, every message of any type is stream
// data, and closing sends no close frame (the TCP socket just ends).
//
// It also carries the two ident fix-ups that let ssh2's Server speak as rportd (§2.1):
// - outgoing: ssh2 always writes "SSH-2.0-<ident>"; rportd sends "SSH-rport-v1-server", so the first
//   write is rewritten. The KEX hash must then use the same bytes, see TestRportd's `connection` hook.
// - incoming: rportd (x/crypto) accepts any "SSH-" line (and ignores lines before it); ssh2 only
//   accepts SSH-2.0/1.99. A Go client's "SSH-rport-v1-client" is rewritten for ssh2's parser and the
//   original is kept so the KEX hash uses the bytes the client really sent.
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

export const SERVER_IDENT = 'SSH-rport-v1-server';
const SSH2_SERVER_IDENT_PREFIX = 'SSH-2.0-';
// x/crypto reads at most 255 bytes of version lines.
const MAX_VERSION_BYTES = 255;

export class WsByteStream extends Duplex {
  /** The client's ident line as sent (without CR LF), once received. */
  clientIdent: Buffer | null = null;
  /** True when the client's ident had to be rewritten for ssh2. */
  clientIdentRewritten = false;
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined;
  readonly remoteFamily: string | undefined;

  private headerDone = false;
  private headerBuf = Buffer.alloc(0);
  private firstWrite = true;
  private held = false;
  private heldIn: Buffer[] = [];
  private heldOut: Buffer[] = [];
  private transportClosed = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly raw: Socket,
    private readonly onProtocolNote: (note: string) => void,
  ) {
    super({ allowHalfOpen: false });
    this.remoteAddress = raw.remoteAddress;
    this.remotePort = raw.remotePort;
    this.remoteFamily = raw.remoteFamily;
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
      const buf = Buffer.isBuffer(data)
        ? data
        : Array.isArray(data)
          ? Buffer.concat(data)
          : Buffer.from(data as ArrayBuffer);
      if (this.held) this.heldIn.push(buf);
      else this.deliver(buf);
    });
    ws.on('close', () => this.onTransportClosed());
    ws.on('error', () => this.onTransportClosed());
  }

  /** Black-hole: hold traffic in both directions without closing (a dead link that TCP would retry). */
  setHeld(on: boolean): void {
    if (this.held === on) return;
    this.held = on;
    if (on) return;
    const inbound = this.heldIn.splice(0);
    const outbound = this.heldOut.splice(0);
    for (const b of outbound) this.sendNow(b);
    for (const b of inbound) this.deliver(b);
  }

  /** Abrupt drop: destroy the TCP socket, no close frame, no FIN handshake to wait for. */
  dropAbruptly(): void {
    this.raw.destroy();
  }

  private onTransportClosed(): void {
    if (this.transportClosed) return;
    this.transportClosed = true;
    this.push(null);
    this.destroy();
  }

  private deliver(buf: Buffer): void {
    if (this.headerDone) {
      this.push(buf);
      return;
    }
    this.headerBuf = Buffer.concat([this.headerBuf, buf]);
    for (;;) {
      const nl = this.headerBuf.indexOf(0x0a);
      if (nl === -1) {
        if (this.headerBuf.length > MAX_VERSION_BYTES) {
          this.onProtocolNote('ssh: overflow reading version string');
          this.dropAbruptly();
        }
        return;
      }
      const line = this.headerBuf.subarray(0, nl);
      const rest = this.headerBuf.subarray(nl + 1);
      const text = line.toString('latin1').replace(/\r$/, '');
      if (!text.startsWith('SSH-')) {
        // x/crypto ignores lines before the version line; ssh2's server would reject them.
        this.headerBuf = Buffer.from(rest);
        continue;
      }
      this.headerDone = true;
      this.clientIdent = Buffer.from(text, 'latin1');
      let forSsh2 = text;
      if (!/^SSH-(2\.0|1\.99)-/.test(text)) {
        forSsh2 = `${SSH2_SERVER_IDENT_PREFIX}${text.slice(4)}`;
        this.clientIdentRewritten = true;
      }
      this.push(Buffer.concat([Buffer.from(`${forSsh2}\r\n`, 'latin1'), rest]));
      this.headerBuf = Buffer.alloc(0);
      return;
    }
  }

  override _read(): void {}

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    let out = chunk;
    if (this.firstWrite) {
      this.firstWrite = false;
      const s = chunk.toString('latin1');
      if (s.startsWith(SSH2_SERVER_IDENT_PREFIX)) {
        const nl = s.indexOf('\n');
        out = Buffer.concat([Buffer.from(`${SERVER_IDENT}\r\n`, 'latin1'), chunk.subarray(nl + 1)]);
      }
    }
    if (this.held) this.heldOut.push(out);
    else this.sendNow(out);
    cb();
  }

  private sendNow(buf: Buffer): void {
    if (this.transportClosed || this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(buf, { binary: true });
  }

  override _final(cb: (err?: Error | null) => void): void {
    // Go closes the net.Conn under the WebSocket: pending data is flushed, then FIN, no close frame.
    this.raw.end();
    cb();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    if (!this.transportClosed) {
      this.transportClosed = true;
      this.raw.destroy();
    }
    cb(err);
  }
}
