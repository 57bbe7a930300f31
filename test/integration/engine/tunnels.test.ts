// Tunnels through the engine (§4): TCP with full close semantics, tunnel_allowed (IPv4 and bracketed
// IPv6), check_port, check_tunnel_allowed, UDP over the gob stream, remotes from the config, events.
import dgram from 'node:dgram';
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeServer, listenOnce } from '../../support/net';
import { startTestRportd, type TestClient, type TestRportd } from '../../support/rportd';
import { EngineHarness, tempDir, testConfig } from '../../support/engine/engine-harness';
import type { TunnelInfo } from '../../../main/shared/types/engine-types';

interface Target {
  server: net.Server;
  port: number;
  /** Sockets accepted by the target, newest last. */
  accepted: net.Socket[];
}

async function startEchoTarget(host = '127.0.0.1'): Promise<Target> {
  const accepted: net.Socket[] = [];
  const server = net.createServer((s) => {
    accepted.push(s);
    s.on('error', () => s.destroy());
    s.pipe(s);
  });
  const port = await listenOnce(server, host, 0);
  return { server, port, accepted };
}

function connectTo(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
}

function roundTrip(socket: net.Socket, text: string): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    const onData = (d: Buffer): void => {
      got += d.toString();
      if (got.length >= text.length) {
        socket.off('data', onData);
        resolve(got);
      }
    };
    socket.on('data', onData);
    socket.write(text);
  });
}

const closed = (s: net.Socket): Promise<void> =>
  new Promise((resolve) => (s.destroyed ? resolve() : s.once('close', () => resolve())));

describe('engine: tunnels', () => {
  let server: TestRportd;
  let harness: EngineHarness | null;
  let target: Target;
  let data: ReturnType<typeof tempDir>;

  beforeEach(async () => {
    server = await startTestRportd({ clientLoginWaitMs: 0 });
    target = await startEchoTarget();
    data = tempDir();
    harness = null;
  });

  afterEach(async () => {
    await harness?.stop();
    await server.stop();
    for (const s of target.accepted) s.destroy();
    await closeServer(target.server);
    data.remove();
  });

  async function connected(tweak?: Parameters<typeof testConfig>[0]['tweak']): Promise<TestClient> {
    harness = new EngineHarness();
    harness.start(testConfig({ server: server.url, dataDir: data.dir, tweak }));
    const client = await server.waitForClient();
    await harness.waitForState('connected');
    return client;
  }

  it('carries a TCP stream both ways and reports it opened, updated and closed with byte counts', async () => {
    const client = await connected();
    const tunnel = await client.openTunnel({ target: `127.0.0.1:${target.port}` });
    const user = await connectTo(tunnel.port);
    expect(await roundTrip(user, 'hello through rport')).toBe('hello through rport');
    await harness?.waitFor(
      (e) => e.type === 'tunnel-updated' && e.tunnel.bytesIn === 19 && e.tunnel.bytesOut === 19,
      5000,
      true,
    );
    user.end();
    const closedEvent = await harness?.waitFor((e) => e.type === 'tunnel-closed', 5000, true);
    const info = closedEvent?.type === 'tunnel-closed' ? closedEvent.tunnel : (null as unknown as TunnelInfo);
    expect(info).toMatchObject({ protocol: 'tcp', target: `127.0.0.1:${target.port}`, bytesIn: 19, bytesOut: 19 });
    expect(info.closedAt).not.toBeNull();
    expect(harness?.events.some((e) => e.type === 'tunnel-opened' && e.tunnel.id === info.id)).toBe(true);
    expect(harness?.engine.tunnels()).toEqual([]);
    await tunnel.close();
    expect(server.violations).toEqual([]);
  });

  it('closes both sides when the target closes, delivering what it sent first', async () => {
    const client = await connected();
    const server2 = net.createServer((s) => s.end('bye from target'));
    const port = await listenOnce(server2, '127.0.0.1', 0);
    try {
      const tunnel = await client.openTunnel({ target: `127.0.0.1:${port}` });
      const user = await connectTo(tunnel.port);
      let got = '';
      user.on('data', (d: Buffer) => (got += d.toString()));
      await closed(user);
      expect(got).toBe('bye from target');
      await harness?.waitFor((e) => e.type === 'tunnel-closed', 5000, true);
      await tunnel.close();
    } finally {
      await closeServer(server2);
    }
  });

  it('closes the target fully (not half) when the server side ends', async () => {
    const client = await connected();
    const tunnel = await client.openTunnel({ target: `127.0.0.1:${target.port}` });
    const user = await connectTo(tunnel.port);
    expect(await roundTrip(user, 'ping')).toBe('ping');
    const targetSide = target.accepted.at(-1) as net.Socket;
    user.end();
    await closed(targetSide);
    await tunnel.close();
  });

  it('ends a jammed tunnel and its target socket at once when the connection to the server drops', async () => {
    // Neither the target nor the user reads while both write: every buffer on the way fills up and the
    // channel stays paused, so ssh2 never gets to emit its end/close for it.
    const chunk = Buffer.alloc(256 * 1024, 7);
    const flood = (s: net.Socket): void => {
      s.on('error', () => s.destroy());
      s.pause();
      const pump = (): void => {
        while (!s.destroyed && s.write(chunk));
      };
      s.on('drain', pump);
      pump();
    };
    const targetSockets: net.Socket[] = [];
    const jam = net.createServer((s) => {
      targetSockets.push(s);
      flood(s);
    });
    const port = await listenOnce(jam, '127.0.0.1', 0);
    try {
      const client = await connected();
      const tunnel = await client.openTunnel({ target: `127.0.0.1:${port}` });
      const user = await connectTo(tunnel.port);
      flood(user);
      // More than a channel window (2 MiB) each way: the tunnel is jammed, not just busy.
      await harness?.waitFor(
        (e) => e.type === 'tunnel-updated' && e.tunnel.bytesIn > 4 * 1024 * 1024 && e.tunnel.bytesOut > 4 * 1024 * 1024,
        10_000,
        true,
      );
      server.dropAll();
      const closedEvent = await harness?.waitFor((e) => e.type === 'tunnel-closed', 3000, true);
      expect(closedEvent?.type === 'tunnel-closed' && closedEvent.tunnel.closeReason).toBe(
        'connection to the server lost',
      );
      expect(harness?.engine.tunnels()).toEqual([]);
      await closed(targetSockets[0] as net.Socket);
      user.destroy();
    } finally {
      for (const s of targetSockets) s.destroy();
      await closeServer(jam);
    }
  });

  it('accepts then closes the channel when the target refuses the connection', async () => {
    const client = await connected();
    const freeServer = net.createServer();
    const deadPort = await listenOnce(freeServer, '127.0.0.1', 0);
    await closeServer(freeServer);
    const opened = await client.openRawChannel(`127.0.0.1:${deadPort}`);
    expect(opened.accepted).toBe(true);
    await new Promise<void>((resolve) => {
      opened.stream?.on('close', () => resolve());
      opened.stream?.resume();
    });
    const closedEvent = await harness?.waitFor((e) => e.type === 'tunnel-closed', 5000, true);
    expect(closedEvent?.type === 'tunnel-closed' && closedEvent.tunnel.closeReason).toBe(
      `dial tcp 127.0.0.1:${deadPort}: connect: connection refused`,
    );
  });

  it('rejects channels tunnel_allowed forbids with reason 1 and Go’s text; allows the rest', async () => {
    const client = await connected((c) => (c.client.tunnel_allowed = [`127.0.0.1:${target.port}`, '[::1]:22']));
    const denied = await client.openRawChannel('127.0.0.1:1');
    expect(denied.accepted).toBe(false);
    expect(denied.reason).toContain('not allowed with "tunnel_allowed" config');
    const deniedV6 = await client.openRawChannel('[::1]:23');
    expect(deniedV6.accepted).toBe(false);
    const unresolvable = await client.openRawChannel('no-such-host.invalid:80');
    expect(unresolvable.accepted).toBe(false);
    const tunnel = await client.openTunnel({ target: `127.0.0.1:${target.port}` });
    const user = await connectTo(tunnel.port);
    expect(await roundTrip(user, 'ok')).toBe('ok');
    user.destroy();
    await tunnel.close();
    expect(
      harness?.logs().some((l) => l.startsWith('Rejecting stream to "127.0.0.1:1" based on "tunnel_allowed" config')),
    ).toBe(true);
  });

  it('tunnels to an IPv6 target allowed by a bracketed tunnel_allowed entry', async () => {
    const v6 = await startEchoTarget('::1');
    try {
      const client = await connected((c) => (c.client.tunnel_allowed = [`[::1]:${v6.port}`]));
      const tunnel = await client.openTunnel({ target: `[::1]:${v6.port}` });
      const user = await connectTo(tunnel.port);
      expect(await roundTrip(user, 'six')).toBe('six');
      user.destroy();
      await tunnel.close();
      const opened = harness?.events.find((e) => e.type === 'tunnel-opened');
      expect(opened?.type === 'tunnel-opened' && opened.tunnel.target).toBe(`[::1]:${v6.port}`);
    } finally {
      for (const s of v6.accepted) s.destroy();
      await closeServer(v6.server);
    }
  });

  it('answers check_port and check_tunnel_allowed', async () => {
    const client = await connected((c) => (c.client.tunnel_allowed = ['127.0.0.0/8', '[::1]']));
    expect(await client.checkPort(`127.0.0.1:${target.port}`)).toEqual({ Open: true, ErrMsg: '' });
    const freeServer = net.createServer();
    const deadPort = await listenOnce(freeServer, '127.0.0.1', 0);
    await closeServer(freeServer);
    expect(await client.checkPort(`127.0.0.1:${deadPort}`)).toEqual({
      Open: false,
      ErrMsg: `dial tcp 127.0.0.1:${deadPort}: connect: connection refused`,
    });
    const allowed = await client.checkTunnelAllowed('127.0.0.1:22');
    expect(allowed.ok && JSON.parse(allowed.payload.toString())).toEqual({ IsAllowed: true });
    const allowedV6 = await client.checkTunnelAllowed('[::1]:22');
    expect(JSON.parse(allowedV6.payload.toString())).toEqual({ IsAllowed: true });
    const denied = await client.checkTunnelAllowed('10.1.1.1:22');
    expect(JSON.parse(denied.payload.toString())).toEqual({ IsAllowed: false });
    const bad = await client.request('check_tunnel_allowed', Buffer.from('not json'));
    expect(bad.ok).toBe(false);
    expect(server.violations).toEqual([]);
  });

  it('carries UDP datagrams both ways over the gob stream and re-creates idle per-source sockets', async () => {
    const echo = dgram.createSocket('udp4');
    const sources = new Set<number>();
    echo.on('message', (msg, rinfo) => {
      sources.add(rinfo.port);
      echo.send(Buffer.concat([Buffer.from('echo:'), msg]), rinfo.port, rinfo.address);
    });
    await new Promise<void>((resolve) => echo.bind(0, '127.0.0.1', () => resolve()));
    const user = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => user.bind(0, '127.0.0.1', () => resolve()));
    try {
      const client = await connected();
      const tunnel = await client.openTunnel({ target: `127.0.0.1:${echo.address().port}`, protocol: 'udp' });
      const exchange = (text: string): Promise<string> =>
        new Promise((resolve) => {
          user.once('message', (m) => resolve(m.toString()));
          user.send(text, tunnel.port, '127.0.0.1');
        });
      expect(await exchange('one')).toBe('echo:one');
      expect(await exchange('two')).toBe('echo:two');
      expect(sources.size).toBe(1);
      // The per-source socket closes after udpIdleMs (500 ms in tests); the next datagram opens another.
      await new Promise((r) => setTimeout(r, 1200));
      expect(await exchange('three')).toBe('echo:three');
      expect(sources.size).toBe(2);
      const udpTunnel = harness?.engine.tunnels().find((t) => t.protocol === 'udp');
      expect(udpTunnel).toMatchObject({ target: `127.0.0.1:${echo.address().port}`, bytesIn: 11 });
      await tunnel.close();
      expect(server.violations).toEqual([]);
    } finally {
      echo.close();
      user.close();
    }
  });

  it('requests the configured remotes in new_connection and serves them', async () => {
    const client = await connected((c) => (c.client.remotes = [`${target.port}`]));
    const remote = client.remotes?.[0];
    expect(remote).toMatchObject({ rhost: '127.0.0.1', rport: String(target.port) });
    const user = await connectTo(Number(remote?.lport));
    expect(await roundTrip(user, 'configured')).toBe('configured');
    user.destroy();
    // Go logs each tunnel of the reply as Remote.String() and Local() (§3.1).
    expect(harness?.logs()).toEqual(
      expect.arrayContaining([
        `New tunnel: 0.0.0.0:${remote?.lport}:127.0.0.1:${target.port}`,
        `Local port 127.0.0.1:${target.port} has become available on 0.0.0.0:${remote?.lport}`,
      ]),
    );
  });

  it('refuses to start when a configured remote is not allowed by tunnel_allowed', async () => {
    harness = new EngineHarness();
    harness.start(
      testConfig({
        server: server.url,
        dataDir: data.dir,
        tweak: (c) => {
          c.client.remotes = ['2222:22'];
          c.client.tunnel_allowed = ['127.0.0.1:80'];
        },
      }),
    );
    const stopped = await harness.waitForState('stopped', 5000);
    expect(stopped.type === 'progress' && stopped.status.lastError).toBe(
      'remote "2222:22" is not allowed by "tunnel_allowed" config',
    );
    expect(server.clients).toHaveLength(0);
  });
});
