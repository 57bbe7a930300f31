import { describe, expect, it } from 'vitest';
import { defaultConfig, hours, minutes, seconds } from '../../../main/config/defaults';
import { CONFIG_KEYS } from '../../../main/config/config-schema';
import { DATA_DIR, errors, fixtureText, parse, warnings, withServer } from './helpers';

describe('rport.conf parsing: keys and defaults', () => {
  it('gives every key the Go default when only the server is set, with data_dir = the app folder', () => {
    const p = parse(withServer());
    expect(p.problems).toEqual([]);
    const expected = defaultConfig(DATA_DIR, 'linux');
    expected.client.server = 'rport.example.com:8080';
    expect(p.config).toEqual(expected);
    expect(p.config.client.data_dir).toBe(DATA_DIR);
    expect(p.config.connection.keep_alive).toBe(minutes(3));
    expect(p.config.connection.keep_alive_timeout).toBe(seconds(30));
    expect(p.config.client.updates_interval).toBe(hours(4));
    expect(p.config['remote-commands'].send_back_limit).toBe(4194304);
  });

  it("has the Go client's default for every key, as §8.2 lists them (data_dir: the app folder)", () => {
    // Written out rather than derived from defaults.ts, so a changed default fails here.
    const s = 1e9;
    expect(defaultConfig('/app-data', 'linux')).toEqual({
      client: {
        server: '',
        fallback_servers: [],
        server_switchback_interval: 120 * s,
        fingerprint: '',
        auth: '',
        proxy: '',
        id: '',
        use_system_id: true,
        name: '',
        use_hostname: true,
        tags: [],
        labels: {},
        attributes_file_path: '',
        remotes: [],
        tunnel_allowed: [],
        allow_root: false,
        updates_interval: 4 * 3600 * s,
        data_dir: '/app-data',
        bind_interface: '',
        ip_api_url: '',
        ip_refresh_min: 30,
      },
      connection: {
        keep_alive: 180 * s,
        keep_alive_timeout: 30 * s,
        max_retry_count: -1,
        max_retry_interval: 300 * s,
        headers: [],
        hostname: '',
        watchdog_integration: false,
      },
      logging: { log_file: '', log_level: 'info' },
      'remote-commands': {
        enabled: true,
        send_back_limit: 4194304,
        allow: ['^/usr/bin/.*', '^/usr/local/bin/.*', '^C:\\\\Windows\\\\System32\\\\.*'],
        deny: ['(\\||<|>|;|,|\\n|&)'],
        order: ['allow', 'deny'],
      },
      'remote-scripts': { enabled: false },
      monitoring: {
        enabled: true,
        interval: 60 * s,
        fs_type_include: ['ext3', 'ext4', 'xfs', 'jfs', 'ntfs', 'btrfs', 'hfs', 'apfs', 'exfat', 'smbfs', 'nfs'],
        fs_path_exclude: [],
        fs_path_exclude_recurse: false,
        fs_identify_mountpoints_by_device: true,
        pm_enabled: true,
        pm_kerneltasks_enabled: true,
        pm_max_number_processes: 500,
        net_lan: null,
        net_wan: null,
      },
      'interpreter-aliases': {},
      'file-reception': {
        enabled: true,
        protected: ['/bin', '/sbin', '/boot', '/usr/bin', '/usr/sbin', '/dev', '/lib*', '/run'],
      },
      // RPort Tray's own section (the Go client ignores it): the supervisor's restart policy.
      watchdog: {
        restart_burst: 5,
        restart_interval: 600_000_000_000,
        restart_backoff_min: 500_000_000,
        restart_backoff_max: 30_000_000_000,
      },
    });
    expect(defaultConfig('C:\\data', 'win32')['file-reception'].protected).toEqual([
      'C:\\Windows\\',
      'C:\\ProgramData',
    ]);
  });

  it('reads every key of the realistic fixture with its value and type', () => {
    const p = parse(fixtureText());
    expect(p.problems).toEqual([]);
    const c = p.config;
    expect(c.client.fallback_servers).toEqual([
      'rport-fallback1.example.com:8080',
      'https://rport-fallback2.example.com',
    ]);
    expect(c.client.server_switchback_interval).toBe(minutes(2));
    expect(c.client.auth).toBe('clientAuth1:1234');
    expect(c.client.tags).toEqual(['win', 'server', 'vm']);
    expect(c.client.labels).toEqual({ city: 'Berlin', datacenter: 'DC1' });
    expect(c.client.remotes).toEqual(['2222:22', '3000:127.0.0.1:3389/tcp+udp']);
    expect(c.client.tunnel_allowed).toEqual(['127.0.0.0/8', '192.168.0.0/16:3389', ':22']);
    expect(c.client.ip_refresh_min).toBe(30);
    expect(c.connection.headers).toEqual(['User-Agent: rport-tray', 'X-Site: Berlin']);
    expect(c.logging).toEqual({ log_file: '/var/log/rport/rport.log', log_level: 'info' });
    expect(c['remote-commands'].allow[2]).toBe('^C:\\\\Windows\\\\System32\\\\.*');
    expect(c['remote-commands'].order).toEqual(['allow', 'deny']);
    expect(c.monitoring.net_lan).toEqual(['eth0', 1000]);
    expect(c.monitoring.net_wan).toEqual(['eth1', 100]);
    expect(c.monitoring.fs_path_exclude).toEqual(['/mnt/*']);
    expect(c['interpreter-aliases']).toEqual({
      pwsh7: { path: 'C:\\Program Files\\PowerShell\\7\\pwsh.exe', input_encoding: '', output_encoding: '' },
      latin: { path: 'C:\\Windows\\System32\\cmd.exe', input_encoding: 'CP850', output_encoding: 'CP850' },
      legacy: { path: '/bin/bash', input_encoding: 'windows-1252', output_encoding: 'utf-8' },
    });
  });

  it('knows every key of §8.2 and nothing else is silently dropped', () => {
    // Set each key with a neutral valid value; none may be reported unknown.
    const lines: Record<string, string[]> = {};
    for (const spec of CONFIG_KEYS) {
      const value =
        spec.kind === 'bool'
          ? 'true'
          : spec.kind === 'duration'
            ? "'90s'"
            : spec.kind === 'int' || spec.kind === 'uint' || spec.kind === 'minutes'
              ? '7'
              : spec.kind === 'strings'
                ? '[]'
                : spec.kind === 'stringMap'
                  ? '{}'
                  : spec.kind === 'card'
                    ? "['eth0', 10]"
                    : spec.kind === 'order'
                      ? "['deny', 'allow']"
                      : spec.kind === 'logLevel'
                        ? "'debug'"
                        : "'x'";
      (lines[spec.section] ??= []).push(
        `${spec.key} = ${spec.key === 'server' ? "'h:1'" : spec.key === 'ip_api_url' ? "'http://ip.example'" : spec.key === 'proxy' ? "'http://p:3128'" : value}`,
      );
    }
    const text = Object.entries(lines)
      .map(([s, l]) => `[${s}]\n${l.join('\n')}`)
      .join('\n');
    const p = parse(text);
    expect(warnings(p).filter((w) => w.message.includes('unknown'))).toEqual([]);
    expect(p.present.size).toBe(CONFIG_KEYS.length);
  });

  it('reads durations like Go: strings in Go syntax, a bare integer as nanoseconds (with a warning)', () => {
    const p = parse(
      withServer("[connection]\nkeep_alive = '1h30m'\nkeep_alive_timeout = 1500000000\nmax_retry_interval = '500ms'\n"),
    );
    expect(p.config.connection.keep_alive).toBe(minutes(90));
    expect(p.config.connection.keep_alive_timeout).toBe(seconds(1.5));
    const w = warnings(p);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ key: 'connection.keep_alive_timeout', line: 5 });
    expect(w[0]?.message).toContain('1500000000 = 1.5s');
    // Go's fix-up: max_retry_interval under 1s becomes 5m.
    expect(p.config.connection.max_retry_interval).toBe(minutes(5));
  });

  it('takes ip_refresh_min as integer minutes and raises [monitoring] interval to 60s', () => {
    const p = parse(withServer("ip_refresh_min = '15'\n[monitoring]\ninterval = 30\n"));
    expect(p.config.client.ip_refresh_min).toBe(15);
    expect(p.config.monitoring.interval).toBe(seconds(60));
    expect(warnings(p).map((w) => w.key)).toEqual(['monitoring.interval', 'monitoring.interval']);
  });

  it('types loosely like viper: "true" as bool, numbers as strings, a CSV string or one value as a list', () => {
    const p = parse(
      withServer(
        "use_hostname = 'false'\nallow_root = 1\nname = 42\ntags = 'a,\"b,c\",d'\nfallback_servers = 'x:1'\nremotes = 22\n[connection]\nmax_retry_count = '0x10'\n[remote-commands]\nsend_back_limit = 2.9\n",
      ),
    );
    expect(errors(p)).toEqual([]);
    expect(p.config.client.use_hostname).toBe(false);
    expect(p.config.client.allow_root).toBe(true);
    expect(p.config.client.name).toBe('42');
    expect(p.config.client.tags).toEqual(['a', 'b,c', 'd']);
    expect(p.config.client.fallback_servers).toEqual(['x:1']);
    expect(p.config.client.remotes).toEqual(['22']);
    expect(p.config.connection.max_retry_count).toBe(16);
    expect(p.config['remote-commands'].send_back_limit).toBe(2);
  });

  it('matches sections and keys case-insensitively, and lower-cases label keys and alias names like viper', () => {
    const p = parse(
      "[CLIENT]\nServer = 'h:1'\nLabels = { City = 'Berlin' }\n[Interpreter-Aliases]\nPwsh = 'pwsh.exe'\n",
    );
    expect(p.problems).toEqual([]);
    expect(p.config.client.server).toBe('h:1');
    expect(p.config.client.labels).toEqual({ city: 'Berlin' });
    expect(Object.keys(p.config['interpreter-aliases'])).toEqual(['pwsh']);
  });

  it('warns about unknown keys and sections with file, line and key, and suggests the right name', () => {
    const p = parse(
      withServer("servr = 'x'\n[monitoring]\npm_enable_kerneltask_monitoring = true\n[extra]\na = 1\n"),
      '/etc/rport/rport.conf',
    );
    expect(errors(p)).toEqual([]);
    expect(warnings(p)).toEqual([
      expect.objectContaining({
        file: '/etc/rport/rport.conf',
        line: 3,
        key: 'client.servr',
        message: expect.stringContaining('did you mean "server"'),
      }),
      expect.objectContaining({
        line: 5,
        key: 'monitoring.pm_enable_kerneltask_monitoring',
        message: expect.stringContaining('pm_kerneltasks_enabled'),
      }),
      expect.objectContaining({ line: 6, key: 'extra', message: 'unknown section [extra] (ignored)' }),
    ]);
  });

  it('reports a value of the wrong type as an error on its line', () => {
    const p = parse(withServer("use_hostname = 'yes'\ntags = { a = 1 }\n[logging]\nlog_level = 'verbose'\n"));
    expect(errors(p).map((e) => [e.line, e.key, e.message])).toEqual([
      [3, 'client.use_hostname', 'cannot parse "yes" as bool (use true or false)'],
      [4, 'client.tags', 'expected a list of strings, got a table'],
      [6, 'logging.log_level', 'invalid log level: "verbose"'],
    ]);
  });

  it('gives a TOML syntax error its line and no key', () => {
    const p = parse('[client]\nserver = "x"\nauth = \n');
    expect(p.syntaxOk).toBe(false);
    expect(p.problems).toHaveLength(1);
    expect(p.problems[0]).toMatchObject({ severity: 'error', line: 3, key: '' });
    expect(p.problems[0]?.message).toMatch(/^TOML syntax error: /);
    const dup = parse('[client]\nserver = "a"\nserver = "b"\n');
    expect(dup.problems[0]).toMatchObject({ line: 3 });
  });
});
