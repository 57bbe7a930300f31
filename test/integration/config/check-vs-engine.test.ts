// One table per rule, run through BOTH sides that must agree: `rport-tray check` (the command's function,
// as the CLI runs it: exit code and `FILE:LINE: key: message`) and the engine's start (the engine refuses
// with the same message, or its prepared run holds the same normalised value; some valid servers are
// dialled against the test rportd). The runtime tunnel_allowed matcher is checked with
// `check_tunnel_allowed` against the same table the check uses for `remotes`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCommand } from '../../../main/cli/commands/check';
import { proxyKind } from '../../../main/engine/proxy-agent';
import { EngineConfigError, prepareRun, type PreparedRun } from '../../../main/engine/engine-prepare';
import type { RportConfig } from '../../../main/shared/types/config-types';
import { EngineHarness, testConfig } from '../../support/engine/engine-harness';
import { startTestRportd, type TestRportd } from '../../support/rportd';

let dir: string;
let savedPolicy: string | undefined;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rport-check-vs-engine-'));
  savedPolicy = process.env.RPORT_TRAY_POLICY;
  process.env.RPORT_TRAY_POLICY = path.join(dir, 'no-policy.toml');
});
afterAll(() => {
  if (savedPolicy === undefined) delete process.env.RPORT_TRAY_POLICY;
  else process.env.RPORT_TRAY_POLICY = savedPolicy;
  rmSync(dir, { recursive: true, force: true });
});

/** TOML basic string (JSON's escapes are TOML's). */
const toml = (text: string): string => JSON.stringify(text);
const tomlList = (items: readonly string[]): string => `[${items.map(toml).join(', ')}]`;

/** `rport-tray check --config FILE` for a `[client]` section of `lines`. */
async function check(lines: string[]): Promise<{ file: string; code: number; stderr: string }> {
  const file = path.join(dir, `${randomUUID()}.conf`);
  writeFileSync(file, `[client]\n${lines.join('\n')}\n`, { mode: 0o600 });
  let stderr = '';
  const code = await checkCommand.run(['--config', file], { stdout: () => {}, stderr: (t) => (stderr += t) });
  return { file, code, stderr };
}

function engineConfig(tweak: (c: RportConfig) => void): RportConfig {
  return testConfig({ server: '127.0.0.1:1', dataDir: path.join(dir, 'data'), tweak });
}

/** The engine's start up to the first dial: its prepared run, or the configuration error it stops with. */
async function enginePrepare(config: RportConfig): Promise<PreparedRun | EngineConfigError> {
  try {
    return await prepareRun({ config, configPath: '/test/rport.conf', sessionId: 'agreement' });
  } catch (error) {
    if (error instanceof EngineConfigError) return error;
    throw error;
  }
}

/** A real engine start: it must stop at once with `message` as its error and log line. */
async function engineRefuses(config: RportConfig, message: string): Promise<void> {
  const harness = new EngineHarness();
  harness.start(config);
  try {
    const stopped = await harness.waitForState('stopped', 5000);
    expect(stopped.type === 'progress' && stopped.status.lastError).toBe(message);
    expect(harness.logs()).toContain(`configuration error: ${message}`);
  } finally {
    await harness.stop();
  }
}

// [address, the normalised URL the engine dials, or the reason both refuse it]
type Outcome = { url: string } | { reason: string };
const SERVER_ADDRESSES: Array<[string, Outcome]> = [
  ['rport.example.com', { url: 'ws://rport.example.com:80' }],
  ['rport.example.com:8080', { url: 'ws://rport.example.com:8080' }],
  ['0.0.0.0:8080', { url: 'ws://0.0.0.0:8080' }],
  ['http://rport.example.com', { url: 'ws://rport.example.com:80' }],
  ['https://rport.example.com', { url: 'wss://rport.example.com:443' }],
  ['wss://rport.example.com', { url: 'wss://rport.example.com:443' }],
  ['ws://rport.example.com:3000', { url: 'ws://rport.example.com:3000' }],
  ['HTTPS://Rport.Example.com:4443', { url: 'wss://Rport.Example.com:4443' }],
  ['[2001:db8::1]:8080', { url: 'ws://[2001:db8::1]:8080' }],
  ['[2001:db8::1]', { url: 'ws://[2001:db8::1]:80' }],
  ['https://[2001:db8::1]', { url: 'wss://[2001:db8::1]:443' }],
  ['http://user:pw@rport.example.com:8080', { url: 'ws://user:pw@rport.example.com:8080' }],
  ['rport.example.com:8080/sub/path?x=1&y=2', { url: 'ws://rport.example.com:8080/sub/path?x=1&y=2' }],
  ['https://rport.example.com/a b', { url: 'wss://rport.example.com:443/a%20b' }],
  ['rport.example.com:8080#fragment', { url: 'ws://rport.example.com:8080' }],
  ['http://rport.example.com:99999', { reason: 'invalid port "99999": must be 1 to 65535' }],
  ['rport.example.com:65536', { reason: 'invalid port "65536": must be 1 to 65535' }],
  ['rport.example.com:0', { reason: 'invalid port "0": must be 1 to 65535' }],
  ['ftp://rport.example.com', { reason: 'unsupported scheme "ftp": use http://, https://, ws:// or wss://' }],
  ['httpx://rport.example.com', { reason: 'unsupported scheme "httpx": use http://, https://, ws:// or wss://' }],
  ['', { reason: 'missing host' }],
  ['http://', { reason: 'missing host' }],
  [':8080', { reason: 'missing host' }],
  ['https://:8443/path', { reason: 'missing host' }],
  // Go does not trim: " example.com " becomes "http:// example.com ", which url.Parse refuses.
  [' example.com ', { reason: 'parse "http:// example.com ": invalid character " " in host name' }],
  ['example.com ', { reason: 'parse "http://example.com ": invalid character " " in host name' }],
  ['   ', { reason: 'parse "http://   ": invalid character " " in host name' }],
  ['::1:8080', { reason: 'address ::1:8080: too many colons in address (put an IPv6 address in brackets)' }],
  ['2001:db8::1', { reason: 'address 2001:db8::1: too many colons in address (put an IPv6 address in brackets)' }],
  ['http://h:80:90', { reason: 'address h:80:90: too many colons in address' }],
  ['[2001:db8::1', { reason: `parse "http://[2001:db8::1": missing ']' in host` }],
  ['rport.example.com:abc', { reason: 'parse "http://rport.example.com:abc": invalid port ":abc" after host' }],
  ['http://user:s3cret@rport.example.com:99999', { reason: 'invalid port "99999": must be 1 to 65535' }],
  [
    'http://user:s3cret@rport.example.com:x',
    { reason: 'parse "http://user:********@rport.example.com:x": invalid port ":x" after host' },
  ],
  ['rport.example.com\n', { reason: 'parse "http://rport.example.com\\n": net/url: invalid control character in URL' }],
  ['://rport.example.com', { reason: 'parse "://rport.example.com": missing protocol scheme' }],
  ['http://h<x>:80', { reason: 'invalid host "h<x>"' }],
  ['http://[fe80::1%25eth0]:80', { reason: 'invalid host "fe80::1%eth0"' }],
];

const serverMessage = (address: string, reason: string): string =>
  address === '' ? 'server address is required' : `invalid server address: ${reason}`;

describe('server and fallback_servers: check and the engine agree', () => {
  it.each(SERVER_ADDRESSES)('server = %j', async (address, outcome) => {
    const checked = await check([`server = ${toml(address)}`]);
    const prepared = await enginePrepare(engineConfig((c) => (c.client.server = address)));
    if ('url' in outcome) {
      expect(checked.stderr).toBe('');
      expect(checked.code).toBe(0);
      expect(prepared).not.toBeInstanceOf(Error);
      expect((prepared as PreparedRun).servers[0]?.endpoint.url).toBe(outcome.url);
      return;
    }
    const message = serverMessage(address, outcome.reason);
    expect(checked.code).toBe(3);
    expect(checked.stderr).toBe(`${checked.file}:2: client.server: ${message}\n`);
    expect((prepared as Error).message).toBe(message);
    expect(message).not.toMatch(/address: invalid server address/);
    expect(message).not.toContain('s3cret');
  });

  it.each(SERVER_ADDRESSES)('fallback_servers = [%j]', async (address, outcome) => {
    const checked = await check(['server = "rport.example.com"', `fallback_servers = [${toml(address)}]`]);
    const prepared = await enginePrepare(engineConfig((c) => (c.client.fallback_servers = [address])));
    if ('url' in outcome) {
      expect(checked.code).toBe(0);
      expect((prepared as PreparedRun).servers[1]?.endpoint.url).toBe(outcome.url);
      return;
    }
    const message = `invalid fallback server address: ${outcome.reason}`;
    expect(checked.code).toBe(3);
    expect(checked.stderr).toBe(`${checked.file}:3: client.fallback_servers: ${message}\n`);
    expect((prepared as Error).message).toBe(message);
  });

  it('a started engine stops with the check’s message, once (no doubled prefix)', async () => {
    await engineRefuses(
      engineConfig((c) => (c.client.server = 'http://h:99999')),
      'invalid server address: invalid port "99999": must be 1 to 65535',
    );
    await engineRefuses(
      engineConfig((c) => (c.client.server = 'ftp://h')),
      'invalid server address: unsupported scheme "ftp": use http://, https://, ws:// or wss://',
    );
    await engineRefuses(
      engineConfig((c) => (c.client.server = ' example.com ')),
      'invalid server address: parse "http:// example.com ": invalid character " " in host name',
    );
  });

  describe('dialled against the test rportd', () => {
    let rportd: TestRportd;
    beforeAll(async () => {
      rportd = await startTestRportd({ clientLoginWaitMs: 0 });
    });
    afterAll(async () => {
      await rportd.stop();
    });

    it.each([
      ['127.0.0.1:{port}', 'ws://127.0.0.1:{port}'],
      ['http://127.0.0.1:{port}', 'ws://127.0.0.1:{port}'],
      ['HTTP://127.0.0.1:{port}/rport/path?x=1', 'ws://127.0.0.1:{port}/rport/path?x=1'],
    ])('%s connects to %s', async (template, expected) => {
      const address = template.replace('{port}', String(rportd.port));
      const url = expected.replace('{port}', String(rportd.port));
      expect((await check([`server = ${toml(address)}`])).code).toBe(0);
      const harness = new EngineHarness();
      harness.start(engineConfig((c) => (c.client.server = address)));
      try {
        const connected = await harness.waitForState('connected', 10_000);
        expect(connected.type === 'progress' && connected.status.server?.url).toBe(url);
        expect(harness.logs()).toContain(`Trying to connect to ${url} ...`);
      } finally {
        await harness.stop();
      }
    });
  });
});

// [entry, null when valid, else Go's reason]
const TUNNEL_ALLOWED_ENTRIES: Array<[string, string | null]> = [
  ['127.0.0.1', null],
  ['10.0.0.0/8', null],
  ['10.0.0.0/8:22', null],
  [':22', null],
  ['22', null],
  ['[::1]:22', null],
  ['[2001:db8::/32]', null],
  ['2001:db8::/32', null],
  ['', 'empty value not allowed: ""'],
  ['abc:22', 'invalid ip range: "abc"'],
  ['10.0.0.1:abc', 'invalid port: "abc"'],
  ['10.0.0.0/33', 'invalid port: "10.0.0.0/33"'],
  ['[::1', 'invalid value: "[::1"'],
  ['[::1]x', 'invalid value: "[::1]x"'],
  ['a:b:c', 'invalid value: "a:b:c"'],
];

describe('tunnel_allowed entries: check and the engine agree', () => {
  it.each(TUNNEL_ALLOWED_ENTRIES)('tunnel_allowed = [%j]', async (entry, reason) => {
    const checked = await check(['server = "rport.example.com"', `tunnel_allowed = [${toml(entry)}]`]);
    const prepared = await enginePrepare(engineConfig((c) => (c.client.tunnel_allowed = [entry])));
    if (reason === null) {
      expect(checked.code).toBe(0);
      expect((prepared as PreparedRun).tunnelAllowed.map((r) => r.text)).toEqual([entry]);
      return;
    }
    const message = `invalid "tunnel_allowed" config: ${reason}`;
    expect(checked.code).toBe(3);
    expect(checked.stderr).toBe(`${checked.file}:3: client.tunnel_allowed: ${message}\n`);
    expect((prepared as Error).message).toBe(message);
  });

  it('a started engine stops with the check’s message', async () => {
    await engineRefuses(
      engineConfig((c) => (c.client.tunnel_allowed = ['10.0.0.1:abc'])),
      'invalid "tunnel_allowed" config: invalid port: "abc"',
    );
  });
});

// [entry, the target it asks for (rhost, rport), or the reason both refuse it]
const REMOTES: Array<[string, { rhost: string; rport: string } | string]> = [
  ['22', { rhost: '127.0.0.1', rport: '22' }],
  ['2222:22', { rhost: '127.0.0.1', rport: '22' }],
  ['3000:example.com:80', { rhost: 'example.com', rport: '80' }],
  ['192.168.0.5:3000:example.com:80', { rhost: 'example.com', rport: '80' }],
  ['53/udp', { rhost: '127.0.0.1', rport: '53' }],
  ['8080:80/tcp+udp', { rhost: '127.0.0.1', rport: '80' }],
  ['2222:[::1]:22', { rhost: '::1', rport: '22' }],
  ['abc', 'failed to decode remote "abc": Missing ports'],
  ['1:2:3:4:5', 'failed to decode remote "1:2:3:4:5": Invalid remote'],
  ['ho\u0001st:22', 'failed to decode remote "ho\\x01st:22": Invalid host'],
  ['bad%zz:22', 'failed to decode remote "bad%zz:22": Invalid host'],
];

describe('remotes: check and the engine agree', () => {
  it.each(REMOTES)('remotes = [%j]', async (entry, outcome) => {
    const checked = await check(['server = "rport.example.com"', `remotes = [${toml(entry)}]`]);
    const prepared = await enginePrepare(engineConfig((c) => (c.client.remotes = [entry])));
    if (typeof outcome !== 'string') {
      expect(checked.code).toBe(0);
      expect((prepared as PreparedRun).remotes).toHaveLength(1);
      expect((prepared as PreparedRun).remotes[0]).toMatchObject(outcome);
      return;
    }
    expect(checked.code).toBe(3);
    expect(checked.stderr).toBe(`${checked.file}:3: client.remotes: ${outcome}\n`);
    expect((prepared as Error).message).toBe(outcome);
  });
});

// [tunnel_allowed, target host as a remote writes it, port, allowed]: the check of `remotes` at start
// and the engine's runtime answer to check_tunnel_allowed use the one matcher.
const MATCHES: Array<[string[], string, string, boolean]> = [
  [['127.0.0.0/8:22'], '127.0.0.5', '22', true],
  [['127.0.0.0/8:22'], '127.0.0.5', '23', false],
  [['10.1.2.3'], '10.1.2.3', '9999', true],
  [['10.1.2.3'], '10.1.2.4', '9999', false],
  [['22'], '8.8.8.8', '22', true],
  [['22'], '8.8.8.8', '80', false],
  [['[::1]:22'], '[::1]', '22', true],
  [['[::1]:22'], '[::1]', '23', false],
  [['[2001:db8::/32]'], '[2001:db8:1::5]', '443', true],
  [['[2001:db8::/32]'], '[2001:db9::5]', '443', false],
  [['127.0.0.1'], '[::ffff:127.0.0.1]', '80', true],
  [['127.0.0.0/8', '[::1]'], 'localhost', '80', true],
  [['10.0.0.0/8'], 'localhost', '80', false],
];

describe('tunnel_allowed matching: the check of remotes and the runtime agree', () => {
  it.each(MATCHES)('%j, remote to %s:%s → allowed %s', async (rules, host, port, allowed) => {
    const remote = `2222:${host}:${port}`;
    const checked = await check([
      'server = "rport.example.com"',
      `tunnel_allowed = ${tomlList(rules)}`,
      `remotes = [${toml(remote)}]`,
    ]);
    const prepared = await enginePrepare(
      engineConfig((c) => {
        c.client.tunnel_allowed = rules;
        c.client.remotes = [remote];
      }),
    );
    if (allowed) {
      expect(checked.stderr).toBe('');
      expect(checked.code).toBe(0);
      expect(prepared).not.toBeInstanceOf(Error);
      return;
    }
    const message = `remote ${JSON.stringify(remote)} is not allowed by "tunnel_allowed" config`;
    expect(checked.code).toBe(3);
    expect(checked.stderr).toBe(`${checked.file}:4: client.remotes: ${message}\n`);
    expect((prepared as Error).message).toBe(message);
  });

  it('a remote whose host does not resolve: the same warning on both sides (checked again per tunnel)', async () => {
    const remote = '2222:rport-agreement.invalid:22';
    const checked = await check([
      'server = "rport.example.com"',
      "tunnel_allowed = ['10.0.0.0/8']",
      `remotes = [${toml(remote)}]`,
    ]);
    const prepared = await enginePrepare(
      engineConfig((c) => {
        c.client.tunnel_allowed = ['10.0.0.0/8'];
        c.client.remotes = [remote];
      }),
    );
    expect(checked.code).toBe(0);
    const warning =
      /^failed to check if remote "2222:rport-agreement\.invalid:22" is allowed: lookup rport-agreement\.invalid: .+ \(checked again when connecting\)$/;
    expect((prepared as PreparedRun).warnings).toEqual([expect.stringMatching(warning)]);
    expect(checked.stderr).toBe(
      `${checked.file}:4: client.remotes: warning: ${(prepared as PreparedRun).warnings[0]}\n`,
    );
  });

  describe('at run time (check_tunnel_allowed from the test rportd)', () => {
    let rportd: TestRportd;
    beforeAll(async () => {
      rportd = await startTestRportd({ clientLoginWaitMs: 0 });
    });
    afterAll(async () => {
      await rportd.stop();
    });

    const byRules = new Map<string, Array<[string, string, boolean]>>();
    for (const [rules, host, port, allowed] of MATCHES) {
      const key = JSON.stringify(rules);
      byRules.set(key, [...(byRules.get(key) ?? []), [host, port, allowed]]);
    }

    it.each([...byRules.entries()])('tunnel_allowed = %s', async (rulesJson, targets) => {
      const harness = new EngineHarness();
      const config = testConfig({
        server: rportd.url,
        dataDir: path.join(dir, 'data'),
        tweak: (c) => (c.client.tunnel_allowed = JSON.parse(rulesJson) as string[]),
      });
      harness.start(config);
      try {
        const client = await rportd.waitForClient((c) => c.connectionRequest?.ID === config.client.id);
        await harness.waitForState('connected');
        for (const [host, port, allowed] of targets) {
          const reply = await client.checkTunnelAllowed(`${host}:${port}`);
          expect(JSON.parse(reply.payload.toString()), `${host}:${port}`).toEqual({ IsAllowed: allowed });
        }
      } finally {
        await harness.stop();
      }
    });
  });
});

// [proxy, the kind the engine dials through, or the reason both refuse it]
const PROXIES: Array<[string, { kind: 'http-connect' | 'socks5h' } | { reason: string }]> = [
  ['http://proxy.corp:3128', { kind: 'http-connect' }],
  ['http://user:pw@proxy.corp:3128', { kind: 'http-connect' }],
  ['HTTP://proxy.corp:3128', { kind: 'http-connect' }],
  ['socks5h://proxy.corp:1080', { kind: 'socks5h' }],
  ['socks://proxy.corp:1080', { kind: 'socks5h' }],
  ['https://proxy.corp:3128', { reason: 'https proxies not (yet) supported' }],
  [
    'socks5://proxy.corp:1080',
    { reason: 'unsupported socks proxy type: socks5:// (only socks5h:// or socks:// is supported)' },
  ],
  [
    'socks4://proxy.corp:1080',
    { reason: 'unsupported socks proxy type: socks4:// (only socks5h:// or socks:// is supported)' },
  ],
  [
    'ftp://proxy.corp',
    {
      reason:
        'unsupported proxy scheme: ftp:// (only http://, socks:// and socks5h:// proxies work; write http://host:port for an HTTP proxy)',
    },
  ],
  [
    'proxy.corp:3128',
    {
      reason:
        'unsupported proxy scheme: proxy.corp:// (only http://, socks:// and socks5h:// proxies work; write http://host:port for an HTTP proxy)',
    },
  ],
  ['http://', { reason: 'the proxy URL has no host; write http://host:port' }],
  [
    'http://proxy corp:3128',
    { reason: 'invalid proxy URL: parse "http://proxy corp:3128": invalid character " " in host name' },
  ],
];

describe('proxy: check and the engine agree', () => {
  it.each(PROXIES)('proxy = %j', async (proxy, outcome) => {
    const r = await check(['server = "127.0.0.1:1"', `proxy = ${toml(proxy)}`]);
    let engine: string;
    try {
      engine = proxyKind(proxy);
    } catch (error) {
      engine = error instanceof Error ? `refused: ${error.message}` : String(error);
    }
    if ('kind' in outcome) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(engine).toBe(outcome.kind);
    } else {
      expect(r.code).toBe(3);
      expect(r.stderr).toBe(`${r.file}:3: client.proxy: ${outcome.reason}\n`);
      expect(engine).toBe(`refused: ${outcome.reason}`);
    }
  });

  it('a proxy from the environment is held to the same rule: the engine names it and dials nothing', async () => {
    const harness = new EngineHarness();
    const saved = process.env.HTTP_PROXY;
    process.env.HTTP_PROXY = 'ftp://proxy.corp';
    try {
      harness.start(engineConfig((c) => (c.client.server = 'rportd.corp.test:9')));
      const retry = await harness.waitForProgress('retry', 10_000);
      expect(retry.type === 'progress' && retry.status.lastError).toContain(
        'unsupported proxy scheme: ftp:// (only http://, socks:// and socks5h:// proxies work; write http://host:port for an HTTP proxy)',
      );
    } finally {
      if (saved === undefined) delete process.env.HTTP_PROXY;
      else process.env.HTTP_PROXY = saved;
      await harness.stop();
    }
  });
});
