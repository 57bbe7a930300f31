// A TCP tunnel stream (docs/protocol.md §4.2): the `rport` channel was accepted first; now dial the
// target and copy both ways. Close semantics are Go's share/pipe.go: when EITHER direction ends (EOF or
// error), BOTH the channel and the socket are fully closed — half-close is not propagated. What the
// ending direction already read is delivered first, as Go's io.Copy returns only after its last Write:
//   - target EOF: everything read from the target is handed to SSH (which may wait for window) before
//     CHANNEL_CLOSE. The socket is half-open on purpose (allowHalfOpen) so the target's FIN cannot
//     end and close it while the channel still holds up to a window of its data;
//   - server EOF/CLOSE: ssh2 emits 'end' only after the buffered data; that data is flushed to the
//     target before the socket is destroyed.
// When the SSH connection itself dies, nothing more can be delivered either way: both sides are
// destroyed at once. Waiting for ssh2's channel events would not do — a channel paused by a target
// that does not read never emits them, and the target's socket would stay open for good.
//
// Hot path: one 'data' listener (server → target) and one `onread` callback (target → server, into a
// shared buffer: target-reads.ts) that count and write (no pipe(), no second listener, so no
// listener-array copy, closure or allocation per chunk), backpressure by pause/resume on 'drain'.
import net from 'node:net';
import type { ChannelStream } from './ssh2-hooks';
import { dialErrorText } from './core-requests';
import { targetReadBuffer, writeToChannel } from './target-reads';
import type { TunnelHandle } from './tunnel-registry';

export interface TcpTarget {
  host: string;
  port: number;
  /** `host:port` as the server sent it. */
  text: string;
}

export function runTcpTunnel(
  channel: ChannelStream,
  target: TcpTarget,
  handle: TunnelHandle,
  log: (level: 'debug' | 'error', message: string) => void,
  connection: AbortSignal,
): void {
  const socket = net.connect({
    host: target.host,
    port: target.port,
    allowHalfOpen: true,
    // Target → server: no 'data' events; each read lands in the shared buffer (target-reads.ts).
    onread: { buffer: targetReadBuffer, callback: (bytes: number, buffer: Buffer) => onTargetRead(bytes, buffer) },
  });
  // Go's net.Dial sets TCP_NODELAY; without it every small request/response pays Nagle's delay.
  socket.setNoDelay(true);
  let done = false;
  let connected = false;

  const closeBoth = (reason: string, abrupt = false): void => {
    if (done) return;
    done = true;
    connection.removeEventListener('abort', onConnectionLost);
    channel.close();
    // Like Go's conn.Close after io.Copy: what was written to the target still goes out.
    if (abrupt || !connected || socket.writableFinished) socket.destroy();
    else socket.destroySoon();
    handle.close(reason);
  };
  const onConnectionLost = (): void => closeBoth('connection to the server lost', true);
  connection.addEventListener('abort', onConnectionLost, { once: true });

  // Server → target.
  channel.on('data', (chunk: Buffer) => {
    if (done || socket.writableEnded) return;
    handle.countIn(chunk.length);
    if (!socket.write(chunk)) channel.pause();
  });
  socket.on('drain', () => channel.resume());
  channel.once('end', () => {
    if (!done) socket.end(() => closeBoth('closed by the server side'));
  });

  // Target → server. Returning false pauses the socket until the channel drains.
  function onTargetRead(bytes: number, buffer: Buffer): boolean {
    if (done || channel.writableEnded) return true;
    handle.countOut(bytes);
    return writeToChannel(channel, buffer.subarray(0, bytes));
  }
  channel.on('drain', () => socket.resume());
  socket.once('end', () => {
    if (!done && !channel.writableEnded) channel.end(() => closeBoth('closed by the target'));
    else closeBoth('closed by the target');
  });

  socket.once('connect', () => {
    connected = true;
    log('debug', `tunnel ${handle.id}: connected to ${target.text}`);
  });
  socket.on('error', (error) => {
    if (done) return;
    const text = connected ? error.message : dialErrorText(target.text, error);
    log(connected ? 'debug' : 'error', `tunnel ${handle.id}: ${text}`);
    socket.destroy();
    closeBoth(text);
  });
  channel.on('error', (error: Error) => {
    if (done) return;
    log('debug', `tunnel ${handle.id}: channel: ${error.message}`);
    closeBoth(error.message);
  });
  // Destroyed, or both directions over: nothing more can move.
  socket.once('close', () => closeBoth('closed by the target'));
  channel.once('close', () => closeBoth('closed by the server side'));
}
