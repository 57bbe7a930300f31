// A UDP tunnel (docs/protocol.md §4.4, client/udp.go): one `rport` channel carries a gob stream of
// {source address, datagram}. Each distinct source gets its own connected UDP socket to the target;
// replies go back tagged with the same source bytes; a socket idle for 15 s (no traffic either way) is
// closed and re-created by the next datagram. A decode error ends the tunnel.
// The idle sweep runs only while a per-source socket exists, so an idle UDP tunnel costs no wake-ups;
// once a socket is ready, datagrams go straight to it (no promise hop per datagram).
import dgram from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { ChannelStream } from './ssh2-hooks';
import { GOB_UDP_PREAMBLE, GobUdpDecoder, encodeUdpMessage, udpAddrKey, type UdpAddr } from './gob-udp-codec';
import type { TunnelHandle } from './tunnel-registry';

interface SourceSocket {
  /** Resolves to the connected socket; rejects when the target cannot be dialled. */
  ready: Promise<dgram.Socket>;
  socket: dgram.Socket | null;
  /** The socket is connected to the target: send directly. */
  connected: boolean;
  closed: boolean;
  lastActive: number;
}

export function runUdpTunnel(
  channel: ChannelStream,
  target: { host: string; port: number; text: string },
  handle: TunnelHandle,
  idleMs: number,
  log: (level: 'debug' | 'error', message: string) => void,
  connection: AbortSignal,
): void {
  const decoder = new GobUdpDecoder();
  const sources = new Map<string, SourceSocket>();
  let preambleSent = false;
  let done = false;

  const resolveTarget = async (): Promise<{ address: string; family: 4 | 6 }> => {
    if (isIP(target.host)) return { address: target.host, family: isIP(target.host) as 4 | 6 };
    const found = await lookup(target.host);
    return { address: found.address, family: found.family as 4 | 6 };
  };

  const closeSource = (key: string): void => {
    const source = sources.get(key);
    if (!source) return;
    sources.delete(key);
    source.closed = true;
    source.socket?.close();
  };

  let sweep: NodeJS.Timeout | null = null;
  const sweepEveryMs = Math.max(50, Math.min(1000, idleMs / 3));
  const sweepIdle = (): void => {
    const now = Date.now();
    for (const [key, source] of sources) if (now - source.lastActive >= idleMs) closeSource(key);
    if (sources.size === 0 && sweep) {
      clearInterval(sweep);
      sweep = null;
    }
  };
  const startSweep = (): void => {
    if (sweep || done) return;
    sweep = setInterval(sweepIdle, sweepEveryMs);
    sweep.unref();
  };

  const finish = (reason: string): void => {
    if (done) return;
    done = true;
    connection.removeEventListener('abort', onConnectionLost);
    if (sweep) clearInterval(sweep);
    sweep = null;
    for (const key of [...sources.keys()]) closeSource(key);
    channel.close();
    handle.close(reason);
  };

  const sendBack = (addr: UdpAddr, data: Buffer): void => {
    if (done) return;
    if (!preambleSent) {
      preambleSent = true;
      channel.write(GOB_UDP_PREAMBLE);
    }
    handle.countOut(data.length);
    channel.write(encodeUdpMessage(addr, data));
  };

  const sourceFor = (addr: UdpAddr, key: string): SourceSocket => {
    const existing = sources.get(key);
    if (existing) return existing;
    const replyAddr: UdpAddr = { ip: Buffer.from(addr.ip), port: addr.port, zone: addr.zone };
    const source: SourceSocket = {
      socket: null,
      connected: false,
      closed: false,
      lastActive: Date.now(),
      ready: Promise.resolve(null as never),
    };
    source.ready = resolveTarget().then(
      ({ address, family }) =>
        new Promise<dgram.Socket>((resolve, reject) => {
          const socket = dgram.createSocket(family === 6 ? 'udp6' : 'udp4');
          source.socket = socket;
          if (source.closed) {
            socket.close();
            return reject(new Error('closed'));
          }
          socket.on('message', (msg) => {
            source.lastActive = Date.now();
            sendBack(replyAddr, msg);
          });
          socket.on('error', (error) => {
            log('debug', `tunnel ${handle.id}: udp socket error: ${error.message}`);
            reject(error);
            if (sources.get(key) === source) closeSource(key);
          });
          socket.connect(target.port, address, () => {
            source.connected = true;
            resolve(socket);
          });
        }),
    );
    sources.set(key, source);
    startSweep();
    return source;
  };

  channel.on('data', (chunk: Buffer) => {
    if (done) return;
    let messages;
    try {
      messages = decoder.push(chunk);
    } catch (error) {
      log('error', `tunnel ${handle.id}: ${error instanceof Error ? error.message : String(error)}`);
      finish('decode error');
      return;
    }
    for (const message of messages) {
      if (!message.addr) continue;
      handle.countIn(message.data.length);
      const key = udpAddrKey(message.addr);
      const source = sourceFor(message.addr, key);
      source.lastActive = Date.now();
      const data = message.data;
      if (source.connected && source.socket) {
        source.socket.send(data);
        continue;
      }
      source.ready.then(
        (socket) => {
          if (!source.closed) socket.send(data);
        },
        (error: unknown) => {
          if (source.closed) return;
          log(
            'error',
            `tunnel ${handle.id}: dial udp ${target.text}: ${error instanceof Error ? error.message : String(error)}`,
          );
          if (sources.get(key) === source) closeSource(key);
        },
      );
    }
  });
  const onConnectionLost = (): void => finish('connection to the server lost');
  connection.addEventListener('abort', onConnectionLost, { once: true });
  channel.once('end', () => finish('closed by the server side'));
  channel.once('close', () => finish('closed by the server side'));
}
