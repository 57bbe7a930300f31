import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../main/config/defaults';
import { buildClientConfiguration, proxyWithoutCredentials } from '../../../main/engine/client-configuration';
import { withClientHeaders } from '../../../main/engine/handshake-headers';
import { resolveEffectiveConfig } from '../../../main/config/effective-config';

function build(tweak: (c: ReturnType<typeof defaultConfig>) => void = () => {}) {
  const config = defaultConfig('/var/lib/rport', 'linux');
  config.client.server = 'rport.example.com:8080';
  config.client.auth = 'client1:TopSecret';
  tweak(config);
  // What the engine sends: the effective config (normalised servers, parsed remotes, Go's fix-ups).
  const { effective } = resolveEffectiveConfig(config);
  if (!effective) throw new Error('test config does not resolve');
  const headers = withClientHeaders(effective.headers, config.connection.hostname, '0.9.13');
  return buildClientConfiguration({
    config: effective.config,
    serverUrls: effective.servers.map((s) => s.url),
    tunnels: effective.remotes,
    httpHeaders: headers.http,
    tags: config.client.tags,
    labels: config.client.labels,
  });
}

describe('ClientConfiguration (§3.6, Appendix A)', () => {
  it('has Go’s sections and keys in order', () => {
    const cc = build();
    expect(Object.keys(cc)).toEqual([
      'client',
      'connection',
      'logging',
      'remote_commands',
      'remote_scripts',
      'monitoring',
      'file_reception',
      'interpreter_aliases',
      'interpreter_aliases_encodings',
    ]);
    expect(Object.keys(cc.client as object)).toEqual([
      'server',
      'fallback_servers',
      'server_switchback_interval',
      'fingerprint',
      'auth',
      'proxy',
      'id',
      'use_system_id',
      'name',
      'use_hostname',
      'tags',
      'labels',
      'remotes',
      'tunnel_allowed',
      'allow_root',
      'updates_interval',
      'data_dir',
      'bind_interface',
      'ip_api_url',
      'ip_refresh_min',
      'proxy_url',
      'tunnels',
      'auth_user',
      'auth_pass',
    ]);
    expect(Object.keys(cc.connection as object)).toEqual([
      'keep_alive',
      'keep_alive_timeout',
      'max_retry_count',
      'max_retry_interval',
      'headers',
      'hostname',
      'watchdog_integration',
      'http_headers',
    ]);
  });

  it('matches the Appendix A encodings: ns durations, nulls, normalised server, blanked secrets', () => {
    const cc = build((c) => {
      c.client.remotes = ['2222:22'];
      c.client.fingerprint = '36:98:56:12';
      c.client.proxy = 'http://pu:ProxyPw@proxy:3128';
      c.connection.headers = ['Authorization: Bearer abc', 'X-Ok: 1'];
    }) as Record<string, Record<string, unknown>>;
    expect(cc.client).toMatchObject({
      server: 'ws://rport.example.com:8080',
      fallback_servers: [],
      server_switchback_interval: 120_000_000_000,
      auth: '',
      auth_pass: '',
      auth_user: 'client1',
      proxy: 'http://proxy:3128',
      proxy_url: null,
      tags: [],
      labels: null,
      remotes: ['2222:22'],
      updates_interval: 14_400_000_000_000,
      ip_refresh_min: 30,
    });
    expect((cc.client?.tunnels as unknown[])[0]).toMatchObject({ lhost: '0.0.0.0', lport: '2222', rport: '22' });
    expect(cc.connection).toMatchObject({
      keep_alive: 180_000_000_000,
      keep_alive_timeout: 30_000_000_000,
      max_retry_count: -1,
      max_retry_interval: 300_000_000_000,
      headers: ['Authorization: ', 'X-Ok: 1'],
      http_headers: { Authorization: [''], 'X-Ok': ['1'], 'User-Agent': ['rport 0.9.13'] },
    });
    expect(cc.logging).toEqual({ log_file: { File: null }, log_level: 1 });
    expect(cc.remote_commands).toMatchObject({ allow_regexp: null, deny_regexp: null, order: ['allow', 'deny'] });
    expect(JSON.stringify(cc)).not.toContain('TopSecret');
    expect(JSON.stringify(cc)).not.toContain('ProxyPw');
    expect(JSON.stringify(cc)).not.toContain('Bearer abc');
  });

  it('sends network cards as Go []string plus the decoded card, and interpreter aliases split', () => {
    const cc = build((c) => {
      c.monitoring.net_lan = ['eth0', 1000];
      c['interpreter-aliases'] = {
        pwsh: { path: '/usr/bin/pwsh', input_encoding: '', output_encoding: '' },
        cmd866: { path: 'cmd.exe', input_encoding: 'CP866', output_encoding: 'CP866' },
      };
    }) as Record<string, Record<string, unknown>>;
    expect(cc.monitoring).toMatchObject({
      net_lan: ['eth0', '1000'],
      lan_card: { name: 'eth0', max_speed: 1000 },
      net_wan: [],
      wan_card: null,
    });
    expect(cc.interpreter_aliases).toEqual({ pwsh: '/usr/bin/pwsh', cmd866: 'cmd.exe' });
    expect(cc.interpreter_aliases_encodings).toEqual({ cmd866: { input_encoding: 'CP866', output_encoding: 'CP866' } });
  });

  it('sends an empty list as [] or null exactly where the Go client does (flag-bound or defaulted → [], else null)', () => {
    const cc = build((c) => {
      c.client.remotes = [];
      c.client.tunnel_allowed = [];
      c.client.tags = [];
      c.connection.headers = [];
      c['remote-commands'].allow = [];
      c['remote-commands'].deny = [];
      c.monitoring.fs_type_include = [];
      c.monitoring.fs_path_exclude = [];
      c.monitoring.net_lan = null;
      c.monitoring.net_wan = null;
      c['file-reception'].protected = [];
    }) as Record<string, Record<string, unknown>>;
    expect(cc.client).toMatchObject({
      fallback_servers: [],
      tags: [],
      labels: null,
      remotes: null,
      tunnel_allowed: null,
      tunnels: null,
    });
    expect(cc.connection?.headers).toEqual([]);
    expect(cc.remote_commands).toMatchObject({ allow: [], deny: [] });
    expect(cc.monitoring).toMatchObject({ fs_type_include: [], fs_path_exclude: [], net_lan: [], net_wan: [] });
    expect(cc.file_reception?.protected).toEqual([]);
    // Not the same array: the payload is built fresh, so a later edit of the config cannot change it.
    const tags = ['a'];
    const again = build((c) => (c.client.tags = tags)) as Record<string, Record<string, unknown>>;
    expect(again.client?.tags).toEqual(['a']);
    expect(again.client?.tags).not.toBe(tags);
  });

  it('strips proxy credentials', () => {
    expect(proxyWithoutCredentials('socks5h://u:p@h:1080')).toBe('socks5h://h:1080');
    expect(proxyWithoutCredentials('')).toBe('');
  });
});
