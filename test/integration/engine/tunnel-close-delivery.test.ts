// TCP tunnel close semantics under load (§4.2, Go's share/pipe.go): when one side ends right after
// sending more than an SSH window (2 MiB) while the other side reads slowly, everything it sent must
// still arrive before both sides close. A tunnel that closed on the sender's FIN (or on the server's
// CHANNEL_CLOSE) instead of after the flush lost up to a window of data here. The engine runs in its own
// process (dist/engine-worker.cjs, as in the product): the race needs the two ends on separate loops.
import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeServer, listenOnce } from '../../support/net';
import { startTestRportd, type TestRportd } from '../../support/rportd';
import { tempDir, testConfig } from '../../support/engine/engine-harness';
import { startEngineProcess, type EngineProcess } from '../../support/faults/engine-process';

// More than the loopback socket buffers and the test rportd's window can absorb between the engine and
// a slow user, so the engine itself holds a backlog when the sender's FIN arrives.
const PAYLOAD = 32 * 1024 * 1024;

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** Reads everything until the socket closes; `slow` pauses after every chunk so the sender stays backlogged. */
function receiveUntilClose(socket: net.Socket, slow = false): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  return new Promise((resolve, reject) => {
    socket.on('data', (d: Buffer) => {
      hash.update(d);
      bytes += d.length;
      if (!slow) return;
      socket.pause();
      setTimeout(() => socket.resume(), 2);
    });
    socket.once('close', () => resolve({ bytes, sha256: hash.digest('hex') }));
    socket.once('error', reject);
  });
}

describe('engine: tunnel close delivers what was sent first', () => {
  let server: TestRportd;
  let engine: EngineProcess;
  let data: ReturnType<typeof tempDir>;
  let target: net.Server | null;
  const sockets: net.Socket[] = [];

  beforeEach(async () => {
    server = await startTestRportd({ clientLoginWaitMs: 0 });
    data = tempDir();
    engine = await startEngineProcess({ config: testConfig({ server: server.url, dataDir: data.dir }) });
    target = null;
  });

  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await engine.stop();
    await server.stop();
    if (target) await closeServer(target);
    data.remove();
  });

  it('target sends 16 MiB and closes at once; the user gets every byte, then the close (4 streams)', async () => {
    const payload = randomBytes(16 * 1024 * 1024);
    // Written with backpressure in 256 KiB pieces, then FIN right behind the last one: the engine reads
    // the FIN while a window's worth of the target's data still waits in the channel for SSH window.
    target = net.createServer((s) => {
      sockets.push(s);
      s.on('error', () => s.destroy());
      let at = 0;
      const pump = (): void => {
        while (at < payload.length) {
          const piece = payload.subarray(at, (at += 256 * 1024));
          if (!s.write(piece)) return void s.once('drain', pump);
        }
        s.end();
      };
      pump();
    });
    const port = await listenOnce(target, '127.0.0.1', 0);
    const client = await server.waitForClient();
    await engine.waitConnected();
    const tunnel = await client.openTunnel({ target: `127.0.0.1:${port}` });
    for (let i = 0; i < 4; i++) {
      const user = net.connect(tunnel.port, '127.0.0.1');
      sockets.push(user);
      const received = await receiveUntilClose(user);
      expect(received, `stream ${i}`).toEqual({ bytes: payload.length, sha256: sha256(payload) });
      const closed = await engine.waitFor((e) => e.type === 'tunnel-closed' && e.tunnel.id === `t${i + 1}`, 10_000);
      expect(closed.type === 'tunnel-closed' && closed.tunnel).toMatchObject({
        bytesOut: payload.length,
        closeReason: 'closed by the target',
      });
    }
    await tunnel.close();
    expect(server.violations).toEqual([]);
  });

  it('user sends 32 MiB and closes at once; a slow target still gets every byte, then the close', async () => {
    const payload = randomBytes(PAYLOAD);
    let targetSide: Promise<{ bytes: number; sha256: string }> | null = null;
    let accepted: () => void = () => {};
    const gotTarget = new Promise<void>((resolve) => (accepted = resolve));
    target = net.createServer((s) => {
      sockets.push(s);
      targetSide = receiveUntilClose(s, true);
      accepted();
    });
    const port = await listenOnce(target, '127.0.0.1', 0);
    const client = await server.waitForClient();
    await engine.waitConnected();
    const tunnel = await client.openTunnel({ target: `127.0.0.1:${port}` });
    const user = net.connect(tunnel.port, '127.0.0.1');
    sockets.push(user);
    user.on('error', () => user.destroy());
    user.end(payload);

    await gotTarget;
    const received = await (targetSide as unknown as Promise<{ bytes: number; sha256: string }>);
    expect(received).toEqual({ bytes: PAYLOAD, sha256: sha256(payload) });
    const closed = await engine.waitFor((e) => e.type === 'tunnel-closed', 10_000);
    expect(closed.type === 'tunnel-closed' && closed.tunnel).toMatchObject({
      bytesIn: PAYLOAD,
      closeReason: 'closed by the server side',
    });
    await tunnel.close();
    expect(server.violations).toEqual([]);
  });
});
