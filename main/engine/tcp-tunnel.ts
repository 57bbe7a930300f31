// A TCP tunnel stream (rport-protocol.md §4.2): the `rport` channel was accepted first; now dial the
// target and copy both ways. Close semantics are Go's share/pipe.go: when EITHER direction ends (EOF or
// error), BOTH the channel and the socket are fully closed — half-close is not propagated. Data already
// read in one direction is still delivered before the close (end → flush → close), as Go's io.Copy does.
import net from 'node:net';
import type { ChannelStream } from './ssh2-hooks';
import { dialErrorText } from './core-requests';
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
): void {
  const socket = net.connect({ host: target.host, port: target.port });
  // Go's net.Dial sets TCP_NODELAY; without it every small request/response pays Nagle's delay.
  socket.setNoDelay(true);
  let done = false;
  let connected = false;

  const closeBoth = (reason: string): void => {
    if (done) return;
    done = true;
    channel.close();
    if (socket.writableFinished || !connected) socket.destroy();
    else socket.destroySoon();
    handle.close(reason);
  };

  channel.on('data', (chunk: Buffer) => {
    handle.countIn(chunk.length);
  });
  socket.on('data', (chunk: Buffer) => {
    handle.countOut(chunk.length);
  });
  // pipe() ends the other side on EOF; once that end is flushed, the whole pair closes.
  channel.pipe(socket);
  socket.pipe(channel);

  socket.once('connect', () => {
    connected = true;
    log('debug', `tunnel ${handle.id}: connected to ${target.text}`);
  });
  socket.once('error', (error) => {
    const text = connected ? error.message : dialErrorText(target.text, error);
    log(connected ? 'debug' : 'error', `tunnel ${handle.id}: ${text}`);
    socket.destroy();
    closeBoth(text);
  });
  socket.once('finish', () => closeBoth('closed by the server side'));
  socket.once('close', () => closeBoth('closed by the target'));
  channel.once('finish', () => closeBoth('closed by the target'));
  channel.once('close', () => closeBoth('closed by the server side'));
}
