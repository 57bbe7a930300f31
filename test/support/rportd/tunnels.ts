// Server side of rport tunnels (docs/protocol.md §4.2, §4.4): a TCP listener whose every accepted
// connection becomes an `rport` channel, and a UDP socket whose datagrams ride one `rport` channel as a
// gob stream. Listeners bind to the server's loopback host only, whatever `lhost` says.
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import { GobError, GobStreamDecoder, GobStreamEncoder, ipBytes, ipString } from './gob';
import type { Ssh2Channel } from './ssh2-internals';

/** Opens an `rport` channel with this extra data; resolves the stream or the open failure. */
export type OpenRportChannel = (extra: string) => Promise<{ stream?: Ssh2Channel; reason?: string }>;

export interface TunnelHandle {
  readonly port: number;
  readonly protocol: 'tcp' | 'udp';
  readonly target: string;
  close(): Promise<void>;
}

export interface TunnelDeps {
  bindHost: string;
  openChannel: OpenRportChannel;
  note(text: string): void;
  violation(text: string): void;
}

/**
 * Go's Pipe (share/pipe.go): when either direction ends, both sides are fully closed — after that
 * direction's io.Copy has written everything it read (the channel's pending writes go out as window
 * allows, the socket's are flushed), so a clean end never drops data in flight.
 */
export function pipeFullClose(sock: Socket, channel: Ssh2Channel): void {
  let done = false;
  const finish = (): void => {
    if (done) return;
    done = true;
    sock.end(); // flushes what was already copied, like io.Copy returning before Close
    channel.end(); // ssh2 sends EOF and CLOSE once the pending writes are out
  };
  sock.on('end', finish);
  channel.on('end', finish);
  sock.on('error', () => {
    done = true;
    sock.destroy();
    channel.close();
  });
  // A socket gone without a clean end: nothing more will come, close the channel now.
  sock.on('close', () => {
    if (!done) channel.close();
  });
  channel.on('close', () => (sock.writableFinished ? sock.destroy() : sock.destroySoon()));
  sock.pipe(channel);
  channel.pipe(sock);
}

function listenTcp(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', reject);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    });
  });
}

export async function startTcpTunnel(deps: TunnelDeps, target: string, port: number): Promise<TunnelHandle> {
  const sockets = new Set<Socket>();
  const server = createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => sock.destroy());
    sock.pause();
    void deps.openChannel(target).then(({ stream, reason }) => {
      if (!stream) {
        deps.note(`rport channel to ${target} rejected: ${reason ?? 'unknown'}`);
        sock.destroy();
        return;
      }
      if (sock.destroyed) {
        stream.close();
        return;
      }
      pipeFullClose(sock, stream);
      sock.resume();
    });
  });
  const bound = await listenTcp(server, deps.bindHost, port);
  return {
    port: bound,
    protocol: 'tcp',
    target,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

// rportd reads datagrams into a 9012-byte buffer (client/udp.go, tunnel_udp.go).
const UDP_BUFFER = 9012;

function isLoopback(address: string): boolean {
  return address === '::1' || /^127\./.test(address);
}

export async function startUdpTunnel(
  deps: TunnelDeps,
  target: string,
  port: number,
  /** Go gives 16-byte (v4-mapped) IPs on a wildcard-bound listener, 4 bytes on a specific IPv4 lhost. */
  v4As16: boolean,
): Promise<TunnelHandle> {
  const ipv6 = deps.bindHost.includes(':');
  const sock: UdpSocket = createSocket({ type: ipv6 ? 'udp6' : 'udp4', ipv6Only: ipv6 });
  await new Promise<void>((resolve, reject) => {
    sock.once('error', reject);
    sock.bind({ address: deps.bindHost, port, exclusive: true }, () => {
      sock.off('error', reject);
      resolve();
    });
  });
  const bound = sock.address().port;
  const { stream, reason } = await deps.openChannel(`${target}/udp`);
  if (!stream) {
    sock.close();
    throw new Error(`rport udp channel to ${target} rejected: ${reason ?? 'unknown'}`);
  }
  const encoder = new GobStreamEncoder();
  const decoder = new GobStreamDecoder();
  let open = true;
  sock.on('message', (msg, rinfo) => {
    if (!open) return;
    stream.write(
      encoder.encode({
        addr: { ip: ipBytes(rinfo.address, v4As16), port: rinfo.port, zone: '' },
        data: msg.subarray(0, UDP_BUFFER),
      }),
    );
  });
  stream.on('data', (chunk: Buffer) => {
    let messages;
    try {
      messages = decoder.push(chunk);
    } catch (err) {
      const text = err instanceof GobError ? err.message : String(err);
      deps.violation(`udp tunnel ${target}: client sent a bad gob stream (${text}); rportd ends the tunnel`);
      open = false;
      stream.close();
      return;
    }
    for (const m of messages) {
      if (!m.addr) {
        deps.violation(`udp tunnel ${target}: reply without Addr`);
        continue;
      }
      let host: string;
      try {
        host = ipString(m.addr.ip);
      } catch {
        deps.violation(`udp tunnel ${target}: reply Addr has a bad IP (${m.addr.ip.toString('hex')})`);
        continue;
      }
      // Tests stay on loopback; a non-loopback Addr can only come from a client bug.
      if (!isLoopback(host)) {
        deps.violation(`udp tunnel ${target}: reply to non-loopback ${host}:${m.addr.port} (not an address we sent)`);
        continue;
      }
      sock.send(m.data, m.addr.port, host);
    }
  });
  stream.on('close', () => {
    open = false;
    deps.note(`udp tunnel ${target}: channel closed`);
  });
  stream.on('error', () => undefined);
  return {
    port: bound,
    protocol: 'udp',
    target,
    close: () =>
      new Promise<void>((resolve) => {
        open = false;
        // rportd leaves the channel until the connection ends; closing it here keeps tests tidy.
        stream.close();
        sock.close(() => resolve());
      }),
  };
}
