// Which proxy a dial uses: rport.conf, then the desktop's system proxy, then the environment (with
// NO_PROXY and loopback skipped), and how it is shown (never with credentials).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { chooseProxy, proxyDisplayUrl, proxyLabel, type ProxyDecision } from '../../../main/engine/proxy-choice';

const VARIABLES = ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY'];
const NO_PROXY = ['no_proxy', 'NO_PROXY'];

function choose(serverUrl: string, configProxy = '', systemProxies?: Record<string, string>): ProxyDecision {
  return chooseProxy({ configProxy, serverUrl, serverEntry: serverUrl, systemProxies });
}

function label(decision: ProxyDecision): string | null {
  return decision.kind === 'proxy' ? proxyLabel(decision) : null;
}

describe('chooseProxy', () => {
  beforeEach(() => {
    // The machine running the tests may set any of these: start from none.
    for (const name of [...VARIABLES, ...NO_PROXY]) vi.stubEnv(name, '');
  });
  afterEach(() => vi.unstubAllEnvs());

  it('connects directly when nothing names a proxy', () => {
    expect(choose('wss://rport.example.com:443')).toEqual({ kind: 'direct', note: null });
  });

  it('takes HTTPS_PROXY for wss:// and HTTP_PROXY for ws://, else ALL_PROXY', () => {
    vi.stubEnv('HTTPS_PROXY', 'http://secure-proxy:3128');
    vi.stubEnv('HTTP_PROXY', 'http://plain-proxy:8080');
    expect(label(choose('wss://rport.example.com:443'))).toBe('http://secure-proxy:3128 (from HTTPS_PROXY)');
    expect(label(choose('ws://rport.example.com:80'))).toBe('http://plain-proxy:8080 (from HTTP_PROXY)');
    vi.stubEnv('HTTP_PROXY', '');
    vi.stubEnv('ALL_PROXY', 'socks5h://socks-proxy:1080');
    expect(label(choose('ws://rport.example.com:80'))).toBe('socks5h://socks-proxy:1080 (from ALL_PROXY)');
  });

  it('prefers the lower-case variable, as curl and proxy-from-env do', () => {
    vi.stubEnv('https_proxy', 'http://lower:1');
    vi.stubEnv('HTTPS_PROXY', 'http://upper:2');
    const decision = choose('wss://rport.example.com:443');
    expect(decision).toMatchObject({ kind: 'proxy', url: 'http://lower:1', variable: 'https_proxy' });
  });

  it('reads a value without a scheme as an HTTP proxy', () => {
    vi.stubEnv('HTTPS_PROXY', 'proxy.corp:3128');
    expect(choose('wss://rport.example.com:443')).toMatchObject({ kind: 'proxy', url: 'http://proxy.corp:3128' });
  });

  it('skips hosts NO_PROXY matches (names, domains, ports, *) and says why', () => {
    vi.stubEnv('HTTPS_PROXY', 'http://proxy:3128');
    vi.stubEnv('NO_PROXY', 'intranet.corp, .internal.example, other:8443');
    expect(choose('wss://intranet.corp:443')).toEqual({
      kind: 'direct',
      note: 'HTTPS_PROXY is not used for intranet.corp: NO_PROXY matches it',
    });
    expect(choose('wss://rport.internal.example:443').kind).toBe('direct');
    expect(choose('wss://other:8443').kind).toBe('direct');
    expect(choose('wss://other:443').kind).toBe('proxy');
    expect(choose('wss://rport.example.com:443').kind).toBe('proxy');
    vi.stubEnv('NO_PROXY', '*');
    expect(choose('wss://rport.example.com:443').kind).toBe('direct');
  });

  it('never sends loopback through an environment proxy', () => {
    vi.stubEnv('HTTP_PROXY', 'http://proxy:3128');
    for (const url of ['ws://localhost:8080', 'ws://127.0.0.1:8080', 'ws://127.1.2.3:8080', 'ws://[::1]:8080']) {
      expect(choose(url), url).toMatchObject({ kind: 'direct' });
    }
    expect(choose('ws://10.0.0.1:8080').kind).toBe('proxy');
  });

  it('lets rport.conf win over the system and the environment, and the system over the environment', () => {
    vi.stubEnv('HTTPS_PROXY', 'http://env-proxy:3128');
    const server = 'wss://rport.example.com:443';
    const system = { [server]: 'http://pac-proxy:8080' };
    expect(label(choose(server, 'socks5h://conf-proxy:1080', system))).toBe(
      'socks5h://conf-proxy:1080 (from rport.conf)',
    );
    expect(label(choose(server, '', system))).toBe('http://pac-proxy:8080 (system proxy)');
    // The OS said "direct" (''): the environment still applies.
    expect(label(choose(server, '', { [server]: '' }))).toBe('http://env-proxy:3128 (from HTTPS_PROXY)');
  });

  it('shows a proxy without its user name or password', () => {
    vi.stubEnv('HTTPS_PROXY', 'http://alice:s3cr%40t@proxy.corp:3128/');
    const decision = choose('wss://rport.example.com:443');
    expect(label(decision)).toBe('http://proxy.corp:3128 (from HTTPS_PROXY)');
    expect(proxyDisplayUrl('socks5h://bob:pw@[::1]:1080')).toBe('socks5h://[::1]:1080');
    expect(proxyDisplayUrl('http://user:p@ss word@host:1/x')).toBe('http://host:1');
  });
});
