// Transport options: HTTP CONNECT proxy with credentials, socks5h (names resolved by the proxy),
// wss:// with TLS, IPv6 loopback, bind_interface — and no secret in any event.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHttpConnectProxy, startSocks5Proxy, type HttpConnectProxy, type Socks5Proxy } from '../../support/net';
import { startTestRportd, type TestRportd } from '../../support/rportd';
import { EngineHarness, tempDir, testConfig } from '../../support/engine/engine-harness';
import { startTlsFront, TEST_CA_PEM, type TlsFront } from '../../support/engine/tls-front';
import { SECRET_MASK } from '../../../main/shared/secrets';

const PROXY_USER = 'proxy-user';
const PROXY_PASSWORD = 'Proxy-Pass-7!x';

describe('engine: transports', () => {
  let server: TestRportd;
  let harness: EngineHarness | null;
  let http: HttpConnectProxy | null;
  let socks: Socks5Proxy | null;
  let front: TlsFront | null;
  let data: ReturnType<typeof tempDir>;

  beforeEach(async () => {
    server = await startTestRportd({ clientLoginWaitMs: 0 });
    data = tempDir();
    harness = null;
    http = null;
    socks = null;
    front = null;
  });

  afterEach(async () => {
    await harness?.stop();
    await http?.close();
    await socks?.close();
    await front?.close();
    await server.stop();
    data.remove();
  });

  const secretsAbsent = (h: EngineHarness): void => {
    const all = JSON.stringify(h.events);
    for (const secret of ['secret1', PROXY_PASSWORD, encodeURIComponent(PROXY_PASSWORD)])
      expect(all).not.toContain(secret);
  };

  it('connects through an HTTP CONNECT proxy with Basic auth; the state message names the proxy peer', async () => {
    http = await startHttpConnectProxy({
      auth: { username: PROXY_USER, password: PROXY_PASSWORD },
      hosts: { 'rportd.test': '127.0.0.1' },
    });
    harness = new EngineHarness();
    harness.start(
      testConfig({
        server: `rportd.test:${server.port}`,
        dataDir: data.dir,
        tweak: (c) => (c.client.proxy = http?.url({ username: PROXY_USER, password: PROXY_PASSWORD }) ?? ''),
      }),
    );
    await server.waitForClient();
    const connected = await harness.waitForState('connected');
    expect(http.requests[0]).toMatchObject({
      method: 'CONNECT',
      target: `rportd.test:${server.port}`,
      username: PROXY_USER,
      status: 200,
    });
    expect(connected.type === 'progress' && connected.status.message).toMatch(
      new RegExp(`^Connected to 127\\.0\\.0\\.1:${http.port} within`),
    );
    expect(harness.logs().some((l) => l.includes(`via http://${PROXY_USER}:${SECRET_MASK}@127.0.0.1`))).toBe(true);
    secretsAbsent(harness);
  });

  it('reports a proxy auth failure (407) and keeps the credentials out of events', async () => {
    http = await startHttpConnectProxy({ auth: { username: PROXY_USER, password: PROXY_PASSWORD } });
    harness = new EngineHarness();
    harness.start(
      testConfig({
        server: server.url,
        dataDir: data.dir,
        tweak: (c) => (c.client.proxy = http?.url({ username: PROXY_USER, password: `${PROXY_PASSWORD}-wrong` }) ?? ''),
      }),
    );
    await harness.waitForProgress('retry', 5000);
    expect(
      harness
        .logs()
        .some((l) =>
          /^connection error: proxy http:\/\/127\.0\.0\.1:\d+ \(from rport\.conf\) refused the tunnel .*\(HTTP 407 Proxy Authentication Required\)/.test(
            l,
          ),
        ),
    ).toBe(true);
    secretsAbsent(harness);
    expect(JSON.stringify(harness.events)).not.toContain(`${PROXY_PASSWORD}-wrong`);
  });

  it('connects through socks5h, letting the proxy resolve the server name', async () => {
    socks = await startSocks5Proxy({
      auth: { username: PROXY_USER, password: PROXY_PASSWORD },
      hosts: { 'rportd.socks.test': '127.0.0.1' },
    });
    harness = new EngineHarness();
    harness.start(
      testConfig({
        server: `rportd.socks.test:${server.port}`,
        dataDir: data.dir,
        tweak: (c) =>
          (c.client.proxy = socks?.url('socks5h', { username: PROXY_USER, password: PROXY_PASSWORD }) ?? ''),
      }),
    );
    await server.waitForClient();
    await harness.waitForState('connected');
    expect(socks.requests[0]).toMatchObject({ host: 'rportd.socks.test', port: server.port, username: PROXY_USER });
    secretsAbsent(harness);
  });

  it('refuses socks5:// (local resolution) and https:// proxies with the Go client’s messages', async () => {
    harness = new EngineHarness();
    harness.start(
      testConfig({ server: server.url, dataDir: data.dir, tweak: (c) => (c.client.proxy = 'socks5://127.0.0.1:1') }),
    );
    await harness.waitForProgress('retry', 5000);
    expect(harness.logs()).toContain(
      'connection error: unsupported socks proxy type: socks5:// (only socks5h:// or socks:// is supported)',
    );
    await harness.stop();
    harness = new EngineHarness();
    harness.start(
      testConfig({ server: server.url, dataDir: data.dir, tweak: (c) => (c.client.proxy = 'https://127.0.0.1:1') }),
    );
    await harness.waitForProgress('retry', 5000);
    expect(harness.logs()).toContain('connection error: https proxies not (yet) supported');
  });

  it('connects over wss:// with TLS (SNI from the URL) and refuses an untrusted certificate', async () => {
    front = await startTlsFront(server.port);
    harness = new EngineHarness();
    harness.start(testConfig({ server: `wss://localhost:${front.port}`, dataDir: data.dir }));
    await harness.waitForProgress('retry', 5000);
    expect(
      harness.logs().some((l) => /^connection error: tls: .*(self.signed|unable to (get|verify)|certificate)/i.test(l)),
    ).toBe(true);
    await harness.stop();

    harness = new EngineHarness({ tlsCa: TEST_CA_PEM });
    harness.start(testConfig({ server: `https://localhost:${front.port}`, dataDir: data.dir }));
    await server.waitForClient();
    await harness.waitForState('connected');
    expect(front.serverNames).toContain('localhost');
  });

  it('connects over wss:// through an HTTP CONNECT proxy', async () => {
    front = await startTlsFront(server.port);
    http = await startHttpConnectProxy({});
    harness = new EngineHarness({ tlsCa: TEST_CA_PEM });
    harness.start(
      testConfig({
        server: `wss://localhost:${front.port}`,
        dataDir: data.dir,
        tweak: (c) => (c.client.proxy = http?.url() ?? ''),
      }),
    );
    await server.waitForClient();
    await harness.waitForState('connected');
    expect(http.requests[0]?.target).toBe(`localhost:${front.port}`);
  });

  it('connects to an rportd on IPv6 loopback ::1', async () => {
    const v6 = await startTestRportd({ host: '::1', clientLoginWaitMs: 0 });
    try {
      harness = new EngineHarness();
      harness.start(testConfig({ server: `[::1]:${v6.port}`, dataDir: data.dir }));
      await v6.waitForClient();
      const connected = await harness.waitForState('connected');
      expect(connected.type === 'progress' && connected.status.message).toMatch(/^Connected to \[::1\]:\d+ within /);
      expect(v6.violations).toEqual([]);
    } finally {
      await harness?.stop();
      harness = null;
      await v6.stop();
    }
  });

  it('binds outgoing connections to bind_interface and names a missing interface', async () => {
    const loopback = Object.entries((await import('node:os')).networkInterfaces()).find(([, list]) =>
      list?.some((a) => a.address === '127.0.0.1'),
    )?.[0];
    expect(loopback).toBeDefined();
    harness = new EngineHarness();
    harness.start(
      testConfig({ server: server.url, dataDir: data.dir, tweak: (c) => (c.client.bind_interface = loopback ?? 'lo') }),
    );
    await harness.waitForState('connected');
    await harness.stop();
    harness = new EngineHarness();
    harness.start(
      testConfig({ server: server.url, dataDir: data.dir, tweak: (c) => (c.client.bind_interface = 'no-such-if0') }),
    );
    await harness.waitForProgress('retry', 5000);
    expect(harness.logs()).toContain('connection error: unable to find no-such-if0: no such network interface');
  });
});
