// A session rportd still holds while the engine already reconnects (docs/protocol.md §3.5, §6.6.1): the
// engine connects through a TCP proxy, the server gives the session a tunnel on a fixed port, then the
// proxy holds the connection's remaining traffic so the keep-alive fails on the client while rportd has
// not seen the connection end. `proxy.releaseHeld()` lets the close through.
import net from 'node:net';
import { expect } from 'vitest';
import { closeServer, freePort, listenOnce, startTcpProxy, type TcpProxy } from '../net';
import { startTestRportd, type TestClient, type TestRportd } from '../rportd';
import { tempDir, type EngineHarness } from './engine-harness';

/** The parts of the scenario: rportd, the TCP proxy the engine dials it through, an echo target, a data dir. */
export interface HeldSessionRig {
  server: TestRportd;
  proxy: TcpProxy;
  echoPort: number;
  data: ReturnType<typeof tempDir>;
  close(): Promise<void>;
}

export async function startHeldSessionRig(): Promise<HeldSessionRig> {
  const server = await startTestRportd({ clientLoginWaitMs: 0, maxFailedLogin: 0 });
  const proxy = await startTcpProxy({ targetPort: server.port });
  const echo = net.createServer((s) => {
    s.on('error', () => s.destroy());
    s.pipe(s);
  });
  const echoPort = await listenOnce(echo);
  const data = tempDir();
  return {
    server,
    proxy,
    echoPort,
    data,
    async close() {
      await proxy.close();
      await server.stop();
      await closeServer(echo);
      data.remove();
    },
  };
}

/** Writes `text` to a local TCP port and resolves with as many bytes as came back. */
export function roundTrip(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let got = '';
    socket.on('data', (d: Buffer) => {
      got += d.toString();
      if (got.length >= text.length) {
        socket.destroy();
        resolve(got);
      }
    });
    socket.once('error', reject);
    socket.write(text);
  });
}

/**
 * Waits for the engine's first session, gives it a tunnel to `echoPort` on a fixed server port, then
 * congests the path under it until the engine's keep-alive fails. Needs a short keep_alive /
 * keep_alive_timeout in the engine's config.
 */
export async function connectWithTunnelThenCongest(
  harness: EngineHarness,
  server: TestRportd,
  proxy: TcpProxy,
  echoPort: number,
): Promise<{ first: TestClient; lport: number }> {
  const first = await server.waitForClient();
  await harness.waitForProgress('ping', 5000);
  const lport = await freePort();
  await first.openTunnel({ target: `127.0.0.1:${echoPort}`, lport });
  expect(await roundTrip(lport, 'before')).toBe('before');
  expect(proxy.holdCurrent()).toBe(1);
  await harness.waitFor((e) => e.type === 'log' && e.line.message.startsWith('Failed to send keepalive'), 5000);
  return { first, lport };
}
