// An idle UDP tunnel costs no timer: the sweep that closes idle per-source sockets runs only while such
// a socket exists, stops when the last one is closed, and starts again with the next datagram. Real
// UDP sockets on loopback; only intervals and the clock are faked, so the sweep can be counted.
import dgram from 'node:dgram';
import { Duplex } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GOB_UDP_PREAMBLE, GobUdpDecoder, encodeUdpMessage } from '../../../main/engine/gob-udp-codec';
import type { ChannelStream } from '../../../main/engine/ssh2-hooks';
import { TunnelRegistry } from '../../../main/engine/tunnel-registry';
import { runUdpTunnel } from '../../../main/engine/udp-tunnel';

const IDLE_MS = 500;

/** The server end of an `rport` channel: what the tunnel writes is decoded, what we push it reads. */
class FakeChannel extends Duplex {
  readonly replies: Buffer[] = [];
  private readonly decoder = new GobUdpDecoder();
  closeCalled = false;
  override _read(): void {}
  override _write(chunk: Buffer, _e: BufferEncoding, callback: () => void): void {
    for (const m of this.decoder.push(chunk)) this.replies.push(m.data);
    callback();
  }
  close(): void {
    this.closeCalled = true;
    this.push(null);
  }
}

const source = { ip: Buffer.from('00000000000000000000ffff7f000001', 'hex'), port: 40000, zone: '' };

/** Waits on real I/O (only intervals are faked, so setTimeout still runs). */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('UDP tunnel timers', () => {
  let echo: dgram.Socket;
  let echoPort: number;
  let registry: TunnelRegistry;

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    echo = dgram.createSocket('udp4');
    echo.on('message', (msg, rinfo) => echo.send(msg, rinfo.port, rinfo.address));
    await new Promise<void>((resolve) => echo.bind(0, '127.0.0.1', resolve));
    echoPort = echo.address().port;
    registry = new TunnelRegistry(() => {}, 1_000);
  });

  afterEach(async () => {
    registry.dispose();
    vi.useRealTimers();
    await new Promise<void>((resolve) => echo.close(() => resolve()));
  });

  it('sweeps only while a per-source socket exists', async () => {
    const channel = new FakeChannel();
    const handle = registry.create('udp', `127.0.0.1:${echoPort}`);
    runUdpTunnel(
      channel as unknown as ChannelStream,
      { host: '127.0.0.1', port: echoPort, text: `127.0.0.1:${echoPort}` },
      handle,
      IDLE_MS,
      () => {},
      new AbortController().signal,
    );
    expect(vi.getTimerCount()).toBe(0);

    channel.push(Buffer.concat([GOB_UDP_PREAMBLE, encodeUdpMessage(source, Buffer.from('one'))]));
    await until(() => channel.replies.length === 1, 'the first echo');
    expect(channel.replies[0]?.toString()).toBe('one');
    expect(vi.getTimerCount()).toBe(1);

    // Idle: the sweep closes the socket and, with no socket left, stops itself.
    vi.advanceTimersByTime(IDLE_MS * 2);
    expect(vi.getTimerCount()).toBe(0);

    // The next datagram re-creates the socket and the sweep.
    channel.push(encodeUdpMessage(source, Buffer.from('two')));
    await until(() => channel.replies.length === 2, 'the second echo');
    expect(channel.replies[1]?.toString()).toBe('two');
    expect(vi.getTimerCount()).toBe(1);
    expect(handle.bytesIn).toBe(6);
    expect(handle.bytesOut).toBe(6);

    channel.close();
    await until(() => handle.closed, 'the tunnel to close');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ends with its connection: sockets, sweep and channel close when the connection is lost', async () => {
    const channel = new FakeChannel();
    const connection = new AbortController();
    const handle = registry.create('udp', `127.0.0.1:${echoPort}`);
    runUdpTunnel(
      channel as unknown as ChannelStream,
      { host: '127.0.0.1', port: echoPort, text: `127.0.0.1:${echoPort}` },
      handle,
      IDLE_MS,
      () => {},
      connection.signal,
    );
    channel.push(Buffer.concat([GOB_UDP_PREAMBLE, encodeUdpMessage(source, Buffer.from('one'))]));
    await until(() => channel.replies.length === 1, 'the first echo');
    expect(vi.getTimerCount()).toBe(1);

    connection.abort();
    expect(handle.closed).toBe(true);
    expect(channel.closeCalled).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });
});
