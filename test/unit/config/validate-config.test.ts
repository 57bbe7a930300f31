import { describe, expect, it } from 'vitest';
import { errors, parse, warnings, withServer } from './helpers';
import { parseConfigTextResolved } from '../../../main/config/parse-config';
import { DATA_DIR } from './helpers';
import { SECRET_MASK } from '../../../main/shared/secrets';
import { parsePolicyText } from '../../../main/config/policy';

// [text after the [client] server line, key, line, message]
const CASES: [string, string, number, string][] = [
  [
    "[connection]\nheaders = ['X-Ok: 1', 'Bad']\n",
    'connection.headers',
    4,
    'invalid header "Bad". Should be in the format "HeaderName: HeaderContent"',
  ],
  [
    'fallback_servers = [\'ok:1\', "bad\\n.host"]\n',
    'client.fallback_servers',
    3,
    'invalid fallback server address: parse "http://bad\\n.host": net/url: invalid control character in URL',
  ],
  ["proxy = 'https://proxy:3128'\n", 'client.proxy', 3, 'https proxies not (yet) supported'],
  [
    "proxy = 'socks5://proxy:1080'\n",
    'client.proxy',
    3,
    'unsupported socks proxy type: socks5:// (only socks5h:// or socks:// is supported)',
  ],
  [
    "proxy = 'http://proxy:port'\n",
    'client.proxy',
    3,
    'invalid proxy URL: parse "http://proxy:port": invalid port ":port" after host',
  ],
  [
    "tunnel_allowed = ['10.0.0.0/8', 'abc:22']\n",
    'client.tunnel_allowed',
    3,
    'invalid "tunnel_allowed" config: invalid ip range: "abc"',
  ],
  ["tunnel_allowed = [':x']\n", 'client.tunnel_allowed', 3, 'invalid "tunnel_allowed" config: invalid port: "x"'],
  ["remotes = ['abc']\n", 'client.remotes', 3, 'failed to decode remote "abc": Missing ports'],
  ["remotes = ['1:2:3:4:5']\n", 'client.remotes', 3, 'failed to decode remote "1:2:3:4:5": Invalid remote'],
  [
    "tunnel_allowed = ['8001']\nremotes = ['8000']\n",
    'client.remotes',
    4,
    'remote "8000" is not allowed by "tunnel_allowed" config',
  ],
  ['[interpreter-aliases]\nbad = 123\n', 'interpreter-aliases.bad', 4, 'invalid interpreter alias "bad": 123'],
  [
    '[interpreter-aliases]\nsh = [123]\n',
    'interpreter-aliases.sh',
    4,
    'interpreter alias "sh" shell should be a string, got: 123',
  ],
  [
    "[interpreter-aliases]\nsh = ['/bin/sh', 'nope-enc', 'utf-8']\n",
    'interpreter-aliases.sh',
    4,
    'interpreter alias "sh": invalid input encoding "nope-enc": ianaindex: invalid encoding name',
  ],
  [
    "[interpreter-aliases]\nsh = ['/bin/sh', 'utf-8', 'nope-enc']\n",
    'interpreter-aliases.sh',
    4,
    'interpreter alias "sh": invalid output encoding "nope-enc": ianaindex: invalid encoding name',
  ],
  ["data_dir = ''\n", 'client.data_dir', 3, "'data directory path' cannot be empty"],
  [
    '[remote-commands]\nsend_back_limit = -1\n',
    'remote-commands.send_back_limit',
    4,
    'remote commands: send back limit can not be negative: -1',
  ],
  [
    "[remote-commands]\norder = ['deny', 'unknown']\n",
    'remote-commands.order',
    4,
    'remote commands: invalid order: [deny unknown]',
  ],
  [
    '[remote-commands]\nenabled = false\n[remote-scripts]\nenabled = true\n',
    'remote-scripts.enabled',
    6,
    'remote scripts execution requires remote commands to be enabled',
  ],
  ["[monitoring]\nnet_lan = ['eth0']\n", 'monitoring.net_lan', 4, 'network card description illegal'],
  ["[monitoring]\nnet_wan = ['', 10]\n", 'monitoring.net_wan', 4, 'network card device name missing'],
  ["[monitoring]\nnet_lan = ['eth0', 'fast']\n", 'monitoring.net_lan', 4, 'network card max speed illegal: fast'],
  ["[monitoring]\nnet_lan = ['eth0', 0]\n", 'monitoring.net_lan', 4, 'network card max speed low: 0'],
  [
    "[file-reception]\nprotected = ['/ok', '[a']\n",
    'file-reception.protected',
    4,
    'invalid glob pattern [a: syntax error in pattern',
  ],
  [
    "[connection]\nwatchdog_integration = true\nkeep_alive = '0s'\n",
    'connection.watchdog_integration',
    4,
    "watchdog integration requires 'keep_alive > 0'",
  ],
  [
    '[connection]\nwatchdog_integration = true\nmax_retry_count = 3\n',
    'connection.watchdog_integration',
    4,
    "watchdog integration requires 'max_retry_count = -1' (=disabled)",
  ],
  ["ip_api_url = 'ftp://ip.example.com'\n", 'client.ip_api_url', 3, 'invalid ip_api_url. only http(s):// supported'],
];

describe('validation like the Go client: message, line and key', () => {
  it.each(CASES)('%#: %s', (extra, key, line, message) => {
    const p = parse(withServer(extra), '/cfg/rport.conf');
    expect(errors(p)).toEqual([{ severity: 'error', file: '/cfg/rport.conf', line, key, message }]);
  });

  it('requires the server and validates its URL like Go', () => {
    expect(errors(parse('[client]\nname = "x"\n'))).toEqual([
      {
        severity: 'error',
        file: 'rport.conf',
        line: null,
        key: 'client.server',
        message: 'server address is required',
      },
    ]);
    expect(errors(parse('[client]\nserver = "host:abc"\n'))[0]).toMatchObject({
      line: 2,
      message: 'invalid server address: parse "http://host:abc": invalid port ":abc" after host',
    });
  });

  it('reports a regexp Go and the engine cannot use, in [remote-commands] allow', () => {
    const p = parse(withServer("[remote-commands]\nallow = ['^/usr/bin/.*', '(?=x)']\n"));
    expect(errors(p)).toHaveLength(1);
    expect(errors(p)[0]).toMatchObject({ key: 'remote-commands.allow', line: 4 });
    expect(errors(p)[0]?.message).toBe(
      'remote commands: allow regexp: invalid regular expression "(?=x)": error parsing regexp: invalid or unsupported Perl syntax: `(?=`',
    );
    const backref = parse(withServer("[remote-commands]\ndeny = ['(a)\\1']\n"));
    expect(errors(backref)[0]?.message).toContain('invalid escape sequence: `\\1`');
    expect(errors(parse(withServer("[remote-commands]\ndeny = ['(unclosed']\n")))[0]?.key).toBe('remote-commands.deny');
  });

  it('reports every problem in the Go order, not just the first', () => {
    const p = parse(
      "[connection]\nheaders = ['bad']\nwatchdog_integration = true\nkeep_alive = 0\n[client]\ndata_dir = ''\nip_api_url = 'x'\n",
    );
    expect(errors(p).map((e) => e.message.slice(0, 20))).toEqual([
      'invalid header "bad"',
      'server address is re',
      "'data directory path",
      'watchdog integration',
      'invalid ip_api_url. ',
    ]);
  });

  it('checks host names in remotes against tunnel_allowed after a DNS lookup, and only warns when it fails', async () => {
    const text = withServer(
      "tunnel_allowed = ['10.0.0.0/8']\nremotes = ['22:db.internal:5432', '23:gone.invalid:22']\n",
    );
    const lookup = async (host: string) => {
      if (host === 'db.internal') return ['192.168.1.5'];
      throw new Error(`lookup ${host}: no such host`);
    };
    const p = await parseConfigTextResolved(text, {
      file: 'rport.conf',
      defaultDataDir: DATA_DIR,
      platform: 'linux',
      lookup,
    });
    expect(errors(p)).toEqual([
      expect.objectContaining({
        key: 'client.remotes',
        line: 4,
        message: 'remote "22:db.internal:5432" is not allowed by "tunnel_allowed" config',
      }),
    ]);
    expect(warnings(p)).toEqual([
      expect.objectContaining({
        key: 'client.remotes',
        message: expect.stringContaining(
          'failed to check if remote "23:gone.invalid:22" is allowed: lookup gone.invalid: no such host',
        ),
      }),
    ]);
  });

  it('names a broken URL without the password it carries (server, fallback_servers, proxy)', () => {
    const p = parse(
      [
        '[client]',
        "server = 'http://u:srv-secret@host:bad'",
        "fallback_servers = ['wss://u:fb-secret@fallback:1/x?y', 'wss://u:fb-secret@fallback:bad/x@y?z']",
        "proxy = 'http://bob:pr%zz-secret@proxy:3128'",
        "ip_api_url = 'http://u:ip-secret@ip:bad'",
      ].join('\n'),
    );
    expect(errors(p).map((e) => [e.key, e.message])).toEqual([
      [
        'client.server',
        `invalid server address: parse "http://u:${SECRET_MASK}@host:bad": invalid port ":bad" after host`,
      ],
      [
        'client.fallback_servers',
        `invalid fallback server address: parse "wss://u:${SECRET_MASK}@fallback:bad/x@y?z": invalid port ":bad" after host`,
      ],
      ['client.proxy', `invalid proxy URL: parse "http://bob:${SECRET_MASK}@proxy:3128": invalid URL escape "%zz"`],
      ['client.ip_api_url', 'invalid ip_api_url. only http(s):// supported'],
    ]);
    expect(JSON.stringify(p.problems)).not.toMatch(/secret/);
  });

  it('names a header without its colon, but not the credential of an Authorization header', () => {
    const p = parse(withServer("[connection]\nheaders = ['Authorization Bearer tok-secret', 'X-Site Berlin']\n"));
    expect(errors(p).map((e) => e.message)).toEqual([
      `invalid header "Authorization ${SECRET_MASK}". Should be in the format "HeaderName: HeaderContent"`,
      'invalid header "X-Site Berlin". Should be in the format "HeaderName: HeaderContent"',
    ]);
  });

  it('warns (never prints the value) when auth has no colon', () => {
    const p = parse(withServer("auth = 'onlysecret'\n"));
    expect(warnings(p)).toHaveLength(1);
    expect(warnings(p)[0]?.key).toBe('client.auth');
    expect(JSON.stringify(p.problems)).not.toContain('onlysecret');
  });
});

describe('[watchdog]: the restart policy (RPort Tray only)', () => {
  it('reads the budget and back-off, and refuses values out of bounds naming the line', async () => {
    const parseWatchdog = (text: string) =>
      parseConfigTextResolved(`[client]\nserver = "a:1"\n${text}`, {
        file: '/etc/rport.conf',
        defaultDataDir: '/data',
        platform: 'linux',
        lookup: async (h: string) => [h],
      });
    const good = await parseWatchdog(
      '[watchdog]\nrestart_burst = 3\nrestart_interval = "1h"\nrestart_backoff_min = "2s"\nrestart_backoff_max = "5m"\n',
    );
    expect(good.problems).toEqual([]);
    expect(good.config.watchdog).toEqual({
      restart_burst: 3,
      restart_interval: 3_600e9,
      restart_backoff_min: 2e9,
      restart_backoff_max: 300e9,
    });
    const bad = await parseWatchdog(
      '[watchdog]\nrestart_burst = 0\nrestart_interval = "1s"\nrestart_backoff_min = "10s"\nrestart_backoff_max = "5s"\n',
    );
    expect(bad.problems.map((p) => `${p.line}: ${p.key}: ${p.message}`)).toEqual([
      '4: watchdog.restart_burst: restart_burst must be between 1 and 100 (got 0)',
      '5: watchdog.restart_interval: restart_interval must be between 10s and 24h0m0s (got 1s)',
      '7: watchdog.restart_backoff_max: restart_backoff_max (5s) must not be shorter than restart_backoff_min (10s)',
    ]);
  });

  it('an administrator can pin it in the policy file', () => {
    const policy = parsePolicyText('[watchdog]\nrestart_burst = 10\n', '/etc/rport-tray/policy.toml');
    expect(policy.problems).toEqual([]);
    expect(policy.lockedKeys).toEqual(['watchdog.restart_burst']);
  });
});
