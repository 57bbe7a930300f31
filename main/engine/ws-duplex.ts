// The SSH byte stream over rportd's WebSocket (docs/protocol.md §1.4, §2.1): every write becomes one
// binary message, incoming messages of any type are concatenated, a WebSocket close is EOF.
//
// It also rewrites rportd's ident line `SSH-rport-v1-server` to `SSH-2.0-rport-v1-server`, which ssh2
// accepts, and remembers the original bytes: the key exchange must hash the real ident (ssh2-hooks.ts
// restores it), or the handshake fails with "signature verification failed".
import { Duplex } from 'node:stream';
import type WebSocket from 'ws';
import { SocketCloseWatch, type WatchedSocket } from './socket-close-watch';

// Upper bound for the ident line plus any pre-ident greeting lines before we give up looking for it.
const MAX_IDENT_BYTES = 8192;
const SEND_OPTIONS = { binary: true } as const;

export class WsDuplex extends Duplex {
  /** The server's ident line as sent (without CR LF) when it was rewritten; else null. */
  originalIdent: Buffer | null = null;
  /** Who closed the TCP connection under this stream, and a graceful close on request (§6.6.1). */
  readonly peer: SocketCloseWatch;
  private identPending: Buffer | null = Buffer.alloc(0);
  private paused = false;
  private readonly socket: {
    once(event: 'drain', cb: () => void): void;
    writableNeedDrain?: boolean;
    cork?(): void;
    uncork?(): void;
  } | null;

  constructor(private readonly ws: WebSocket) {
    // The SSH layer does its own flow control (channel windows); a larger buffer only adds latency.
    super({ allowHalfOpen: false, readableHighWaterMark: 1 << 20, writableHighWaterMark: 1 << 20 });
    this.socket = (ws as unknown as { _socket?: WsDuplex['socket'] })._socket ?? null;
    this.peer = new SocketCloseWatch((ws as unknown as { _socket?: WatchedSocket })._socket ?? null);
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => this.onMessage(data));
    ws.on('close', () => {
      if (!this.destroyed) this.push(null);
    });
    ws.on('error', (error: Error) => this.destroy(error));
  }

  private onMessage(data: Buffer | ArrayBuffer | Buffer[]): void {
    if (this.destroyed) return; // a lingering close reads on until the server's FIN and drops it
    let chunk = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    if (this.identPending) {
      const pending = this.identPending.length ? Buffer.concat([this.identPending, chunk]) : chunk;
      const result = this.rewriteIdent(pending);
      if (result === null) {
        this.identPending = pending;
        return;
      }
      this.identPending = null;
      chunk = result;
    }
    if (!this.push(chunk) && !this.paused) {
      this.paused = true;
      this.ws.pause();
    }
  }

  /** Returns the bytes to pass on, or null while the ident line is still incomplete. */
  private rewriteIdent(buf: Buffer): Buffer | null {
    let lineStart = 0;
    for (;;) {
      const nl = buf.indexOf(0x0a, lineStart);
      if (nl === -1) {
        if (buf.length > MAX_IDENT_BYTES) return buf; // let ssh2 report the bad ident
        return null;
      }
      const line = buf.toString('latin1', lineStart, nl).replace(/\r$/, '');
      if (line.startsWith('SSH-')) {
        if (/^SSH-(2\.0|1\.99)-/.test(line)) return buf;
        this.originalIdent = Buffer.from(line, 'latin1');
        return Buffer.concat([
          buf.subarray(0, lineStart + 4),
          Buffer.from('2.0-', 'latin1'),
          buf.subarray(lineStart + 4),
        ]);
      }
      lineStart = nl + 1; // a greeting line before the ident
    }
  }

  override _read(): void {
    if (this.paused) {
      this.paused = false;
      this.ws.resume();
    }
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.ws.readyState !== 1) return callback(new Error('WebSocket is not open'));
    this.ws.send(chunk, SEND_OPTIONS);
    this.afterSend(callback);
  }

  // The backlog that built up while the socket drained: one message per SSH write, as the Go client
  // sends them, corked so the batch leaves in one writev — concatenating it first copied every byte of
  // a bulk transfer once more (and made messages of unbounded size).
  override _writev(chunks: Array<{ chunk: Buffer }>, callback: (error?: Error | null) => void): void {
    if (this.ws.readyState !== 1) return callback(new Error('WebSocket is not open'));
    this.socket?.cork?.();
    for (const { chunk } of chunks) this.ws.send(chunk, SEND_OPTIONS);
    this.socket?.uncork?.();
    this.afterSend(callback);
  }

  // ssh2 ignores write() backpressure; waiting for the socket to drain here keeps our own buffer, not
  // the socket's, holding the backlog, and completes synchronously in the common case.
  private afterSend(callback: (error?: Error | null) => void): void {
    if (this.socket?.writableNeedDrain) this.socket.once('drain', () => callback());
    else callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.closeSocket();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.closeSocket();
    callback(error);
  }

  // rportd closes the TCP socket without a close frame (§1.4); we do the same: terminate() ends the
  // socket right away, so a dead peer cannot hold the connection open for the close handshake timeout.
  // A connection the engine asked to linger ends with a FIN instead and waits, bounded, for the server's
  // (socket-close-watch.ts): nothing waits on it, it only tells when rportd has let go of the session.
  private closeSocket(): void {
    if (this.ws.readyState === 1 && this.peer.lingers) {
      if (this.paused) this.ws.resume();
      this.peer.closeLingering();
      return;
    }
    if (this.ws.readyState === 0 || this.ws.readyState === 1 || this.ws.readyState === 2) this.ws.terminate();
  }
}
