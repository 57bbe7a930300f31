// Behind a corporate proxy, against the test rportd and loopback proxies: a proxy from the environment
// is used when rport.conf has none and skipped for NO_PROXY hosts, rport.conf's proxy wins, every
// failure at the proxy (401, 407, refused, SOCKS authentication) names the proxy and what to check, the
// connection test gets a "proxy" step, and no proxy password reaches an event, the status or a result.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SECRET_MASK } from '../../../main/shared/secrets';
import { testConnection } from '../../../main/engine/connection-test';
import type { EngineStatus } from '../../../main/shared/types/engine-types';
import {
  freePort,
  startHttpConnectProxy,
  startSocks5Proxy,
  type HttpConnectProxy,
  type Socks5Proxy,
} from '../../support/net';
import { startTestRportd, type TestRportd } from '../../support/rportd';
import { EngineHarness, tempDir, testConfig } from '../../support/engine/engine-harness';

const USER = 'corp-user';
const PASSWORD = 'Corp-Proxy-Pa55!';
const PROXY_VARIABLES = ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY'];

describe('engine: behind a corporate proxy', () => {
  let server: TestRportd;
  let harness: EngineHarness | null;
  let http: HttpConnectProxy | null;
  let socks: Socks5Proxy | null;
  let data: ReturnType<typeof tempDir>;

  beforeEach(async () => {
    // Whatever this machine sets, the tests start without proxy variables.
    for (const name of [...PROXY_VARIABLES, 'no_proxy', 'NO_PROXY']) vi.stubEnv(name, '');
    server = await startTestRportd({ clientLoginWaitMs: 0 });
    data = tempDir();
    harness = null;
    http = null;
    socks = null;
  });

  afterEach(async () => {
    vi.unstubAllEnvs();
    await harness?.stop();
    await http?.close();
    await socks?.close();
    await server.stop();
    data.remove();
  });

  const credentials = (password = PASSWORD) => ({ username: USER, password });

  /** No form of the proxy password in any event (logs, progress with its status, tunnels). */
  const passwordAbsent = (h: EngineHarness, password = PASSWORD): void => {
    const all = JSON.stringify(h.events);
    for (const form of [password, encodeURIComponent(password), Buffer.from(`${USER}:${password}`).toString('base64')])
      expect(all).not.toContain(form);
  };

  const lastStatus = (h: EngineHarness): EngineStatus | null => {
    const progress = h.events.filter((e) => e.type === 'progress');
    const last = progress.at(-1);
    return last?.type === 'progress' ? last.status : null;
  };

  /** Starts the engine and returns the first connection error it reports. */
  async function firstError(configure: Parameters<typeof testConfig>[0]['tweak'], address = server.url) {
    harness = new EngineHarness();
    harness.start(testConfig({ server: address, dataDir: data.dir, tweak: configure }));
    await harness.waitForProgress('retry', 10_000);
    return lastStatus(harness)?.lastError ?? '';
  }

  describe('from the environment', () => {
    it('uses HTTP_PROXY for a ws:// server when rport.conf names no proxy, and says where it came from', async () => {
      http = await startHttpConnectProxy({ auth: credentials(), hosts: { 'rportd.corp.test': '127.0.0.1' } });
      vi.stubEnv('HTTP_PROXY', http.url(credentials()));
      harness = new EngineHarness();
      harness.start(testConfig({ server: `rportd.corp.test:${server.port}`, dataDir: data.dir }));
      const connected = await harness.waitForState('connected');
      expect(http.requests[0]).toMatchObject({
        target: `rportd.corp.test:${server.port}`,
        username: USER,
        status: 200,
      });
      expect(connected.type === 'progress' && connected.status.proxy).toBe(
        `http://127.0.0.1:${http.port} (from HTTP_PROXY)`,
      );
      expect(harness.logs()).toContain(
        `Trying to connect to ws://rportd.corp.test:${server.port} via http://${USER}:${SECRET_MASK}@127.0.0.1:${http.port} (from HTTP_PROXY) ...`,
      );
      passwordAbsent(harness);
    });

    it('skips the proxy for a NO_PROXY host and dials it directly', async () => {
      http = await startHttpConnectProxy({ hosts: { 'rportd.corp.test': '127.0.0.1' } });
      vi.stubEnv('HTTP_PROXY', http.url());
      vi.stubEnv('NO_PROXY', 'localhost,.corp.test');
      const error = await firstError(undefined, `rportd.corp.test:${server.port}`);
      // Direct: this machine cannot resolve the name (only the proxy could).
      expect(error).toBe('dial tcp: lookup rportd.corp.test: no such host');
      expect(http.requests).toEqual([]);
      expect(lastStatus(harness!)?.proxy).toBeNull();
    });

    it('never sends a loopback server through it', async () => {
      const dead = await freePort();
      vi.stubEnv('HTTP_PROXY', `http://127.0.0.1:${dead}`);
      harness = new EngineHarness();
      harness.start(testConfig({ server: server.url, dataDir: data.dir }));
      const connected = await harness.waitForState('connected');
      expect(connected.type === 'progress' && connected.status.proxy).toBeNull();
    });

    it('gives way to the proxy in rport.conf', async () => {
      http = await startHttpConnectProxy({ hosts: { 'rportd.corp.test': '127.0.0.1' } });
      const dead = await freePort();
      vi.stubEnv('HTTP_PROXY', `http://127.0.0.1:${dead}`);
      harness = new EngineHarness();
      harness.start(
        testConfig({
          server: `rportd.corp.test:${server.port}`,
          dataDir: data.dir,
          tweak: (c) => (c.client.proxy = http?.url() ?? ''),
        }),
      );
      const connected = await harness.waitForState('connected');
      expect(http.requests).toHaveLength(1);
      expect(connected.type === 'progress' && connected.status.proxy).toBe(
        `http://127.0.0.1:${http.port} (from rport.conf)`,
      );
    });

    it('names the variable when the proxy it names is dead, without its password', async () => {
      const dead = await freePort();
      vi.stubEnv('HTTPS_PROXY', `http://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${dead}`);
      const error = await firstError(undefined, `wss://rportd.corp.test:${server.port}`);
      expect(error).toBe(
        `proxy http://127.0.0.1:${dead} (from HTTPS_PROXY): dial tcp 127.0.0.1:${dead}: connect: connection refused: ` +
          'check that the proxy runs and that its host and port are right',
      );
      passwordAbsent(harness!);
    });
  });

  describe('failures at the proxy name it', () => {
    it('407: wrong credentials', async () => {
      http = await startHttpConnectProxy({ auth: credentials() });
      const wrong = `${PASSWORD}-wrong`;
      const error = await firstError((c) => (c.client.proxy = http?.url(credentials(wrong)) ?? ''));
      expect(error).toBe(
        `proxy http://127.0.0.1:${http.port} (from rport.conf) refused the tunnel to ${server.url.replace('ws://', '')} ` +
          '(HTTP 407 Proxy Authentication Required): check the user name and password in the proxy URL',
      );
      passwordAbsent(harness!, wrong);
    });

    it('401 from a proxy is not "server busy, wrong credentials, or a transparent proxy"', async () => {
      http = await startHttpConnectProxy({ answer: { status: 401, text: 'Unauthorized' } });
      const error = await firstError((c) => (c.client.proxy = http?.url() ?? ''));
      expect(error).toMatch(
        new RegExp(
          `^proxy http://127\\.0\\.0\\.1:${http.port} \\(from rport\\.conf\\) refused the tunnel to .* \\(HTTP 401 Unauthorized\\): it wants a user name and password`,
        ),
      );
      expect(error).not.toMatch(/server busy/);
    });

    it('a dead HTTP proxy, with its address', async () => {
      const dead = await freePort();
      const error = await firstError((c) => (c.client.proxy = `http://${USER}:${PASSWORD}@127.0.0.1:${dead}`));
      expect(error).toBe(
        `proxy http://127.0.0.1:${dead} (from rport.conf): dial tcp 127.0.0.1:${dead}: connect: connection refused: ` +
          'check that the proxy runs and that its host and port are right',
      );
      passwordAbsent(harness!);
    });

    it('a dead SOCKS proxy, as the proxy and not the WebSocket', async () => {
      const dead = await freePort();
      const error = await firstError((c) => (c.client.proxy = `socks5h://127.0.0.1:${dead}`));
      expect(error).toBe(
        `proxy socks5h://127.0.0.1:${dead} (from rport.conf): dial tcp 127.0.0.1:${dead}: connect: connection refused: ` +
          'check that the proxy runs and that its host and port are right',
      );
    });

    it('SOCKS5 authentication refused', async () => {
      socks = await startSocks5Proxy({ auth: credentials() });
      const wrong = `${PASSWORD}-wrong`;
      const error = await firstError((c) => (c.client.proxy = socks?.url('socks5h', credentials(wrong)) ?? ''));
      expect(error).toBe(
        `proxy socks5h://127.0.0.1:${socks.port} (from rport.conf) refused the user name and password ` +
          '(SOCKS5 authentication failed): check the user name and password in the proxy URL',
      );
      passwordAbsent(harness!, wrong);
    });

    it('a SOCKS5 proxy that wants credentials and got none', async () => {
      socks = await startSocks5Proxy({ auth: credentials() });
      const error = await firstError((c) => (c.client.proxy = socks?.url('socks5h') ?? ''));
      expect(error).toMatch(
        /^proxy socks5h:\/\/127\.0\.0\.1:\d+ \(from rport\.conf\) accepts none of the offered SOCKS5 authentication methods: it probably wants a user name and password/,
      );
    });
  });

  describe('connection test', () => {
    const testConfigFor = (proxy: string) =>
      testConfig({
        server: `rportd.corp.test:${server.port}`,
        dataDir: data.dir,
        tweak: (c) => (c.client.proxy = proxy),
      });

    it('adds a proxy step between TCP and WebSocket when a proxy is used', async () => {
      http = await startHttpConnectProxy({ auth: credentials(), hosts: { 'rportd.corp.test': '127.0.0.1' } });
      const result = await testConnection(testConfigFor(http.url(credentials())));
      expect(result.steps.map((s) => [s.step, s.ok])).toEqual([
        ['dns', true],
        ['tcp', true],
        ['proxy', true],
        ['websocket', true],
        ['ssh', true],
        ['fingerprint', true],
        ['auth', true],
      ]);
      expect(result.steps.find((s) => s.step === 'proxy')?.message).toBe(
        `http://127.0.0.1:${http.port} (from rport.conf) opened a tunnel to rportd.corp.test:${server.port}`,
      );
      expect(JSON.stringify(result)).not.toContain(PASSWORD);
    });

    it('fails at the proxy step when the proxy refuses the credentials', async () => {
      http = await startHttpConnectProxy({ auth: credentials() });
      const result = await testConnection(testConfigFor(http.url(credentials('nope-wrong'))));
      const failed = result.steps.find((s) => !s.ok);
      expect(failed?.step).toBe('proxy');
      expect(failed?.message).toMatch(/^proxy http:\/\/127\.0\.0\.1:\d+ \(from rport\.conf\) refused the tunnel .*407/);
      expect(result.steps.map((s) => s.step)).toEqual(['dns', 'tcp', 'proxy']);
    });

    it('uses a proxy from the environment too, and has no proxy step without one', async () => {
      socks = await startSocks5Proxy({ hosts: { 'rportd.corp.test': '127.0.0.1' } });
      vi.stubEnv('ALL_PROXY', socks.url('socks5h'));
      const viaEnv = await testConnection(testConfigFor(''));
      expect(viaEnv.ok).toBe(true);
      expect(viaEnv.steps.find((s) => s.step === 'tcp')?.message).toContain(
        `(proxy socks5h://127.0.0.1:${socks.port} (from ALL_PROXY))`,
      );
      vi.stubEnv('ALL_PROXY', '');
      const direct = await testConnection(testConfig({ server: server.url, dataDir: data.dir }));
      expect(direct.steps.map((s) => s.step)).not.toContain('proxy');
    });
  });
});
