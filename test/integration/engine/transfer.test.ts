// A 256 MiB transfer through a tunnel (issue 3, "Done when"), in both directions at once, with the
// bytes checked by SHA-256 at both ends.
import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeServer, listenOnce } from '../../support/net';
import { startTestRportd, type TestRportd } from '../../support/rportd';
import { EngineHarness, tempDir, testConfig } from '../../support/engine/engine-harness';

const TOTAL = 256 * 1024 * 1024;
const CHUNK = 1024 * 1024;

/** Writes TOTAL bytes of non-repeating data (a random block with a running counter) with backpressure. */
async function sendStream(socket: net.Socket, seed: Buffer): Promise<string> {
  const hash = createHash('sha256');
  for (let sent = 0, i = 0; sent < TOTAL; sent += CHUNK, i++) {
    const chunk = Buffer.from(seed);
    chunk.writeUInt32BE(i, 0);
    hash.update(chunk);
    if (!socket.write(chunk)) await new Promise((r) => socket.once('drain', r));
  }
  return hash.digest('hex');
}

function receiveStream(socket: net.Socket): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer): void => {
      hash.update(d);
      bytes += d.length;
      if (bytes >= TOTAL) {
        socket.off('data', onData);
        resolve({ bytes, sha256: hash.digest('hex') });
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
}

describe('engine: bulk transfer', () => {
  let server: TestRportd;
  let harness: EngineHarness | null;
  let data: ReturnType<typeof tempDir>;

  beforeEach(async () => {
    server = await startTestRportd({ clientLoginWaitMs: 0 });
    data = tempDir();
    harness = null;
  });

  afterEach(async () => {
    await harness?.stop();
    await server.stop();
    data.remove();
  });

  it('moves 256 MiB each way through one tunnel with identical SHA-256 at both ends', async () => {
    let targetSide: net.Socket | null = null;
    let gotTarget: (s: net.Socket) => void = () => {};
    const accepted = new Promise<net.Socket>((resolve) => (gotTarget = resolve));
    const targetServer = net.createServer((s) => {
      targetSide = s;
      gotTarget(s);
    });
    const port = await listenOnce(targetServer, '127.0.0.1', 0);
    try {
      harness = new EngineHarness();
      harness.start(testConfig({ server: server.url, dataDir: data.dir }));
      const client = await server.waitForClient();
      await harness.waitForState('connected');
      const tunnel = await client.openTunnel({ target: `127.0.0.1:${port}` });
      const user = net.connect(tunnel.port, '127.0.0.1');
      await new Promise((r) => user.once('connect', r));
      const target = await accepted;

      const [upSent, upReceived, downSent, downReceived] = await Promise.all([
        sendStream(user, randomBytes(CHUNK)),
        receiveStream(target),
        sendStream(target, randomBytes(CHUNK)),
        receiveStream(user),
      ]);
      expect(upReceived).toEqual({ bytes: TOTAL, sha256: upSent });
      expect(downReceived).toEqual({ bytes: TOTAL, sha256: downSent });
      user.destroy();
      const closed = await harness.waitFor((e) => e.type === 'tunnel-closed', 10_000, true);
      expect(closed.type === 'tunnel-closed' && closed.tunnel).toMatchObject({ bytesIn: TOTAL, bytesOut: TOTAL });
      await tunnel.close();
      expect(server.violations).toEqual([]);
    } finally {
      (targetSide as net.Socket | null)?.destroy();
      await closeServer(targetServer);
    }
  });
});
