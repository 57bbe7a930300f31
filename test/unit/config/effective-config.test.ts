import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../main/config/defaults';
import { lookupRemoteHosts, resolveEffectiveConfig } from '../../../main/config/effective-config';
import type { RportConfig } from '../../../main/shared/types/config-types';
import { DATA_DIR } from './helpers';

function config(tweak: (c: RportConfig) => void = () => {}): RportConfig {
  const c = defaultConfig(DATA_DIR, 'linux');
  c.client.server = 'rport.example.com:8080';
  tweak(c);
  return c;
}

describe('the effective config (what the engine runs on)', () => {
  it('holds normalised servers, parsed rules and remotes, and Go’s duration fix-ups, without touching its input', () => {
    const input = config((c) => {
      c.client.fallback_servers = ['https://fallback.example.com'];
      c.client.tunnel_allowed = ['127.0.0.0/8', ':22'];
      c.client.remotes = ['2222:22'];
      c.connection.max_retry_interval = 500e6;
      c.monitoring.interval = 10e9;
    });
    const before = structuredClone(input);
    const { effective, problems } = resolveEffectiveConfig(input);
    expect(problems).toEqual([]);
    expect(input).toEqual(before);
    expect(effective?.servers.map((s) => s.url)).toEqual([
      'ws://rport.example.com:8080',
      'wss://fallback.example.com:443',
    ]);
    expect(effective?.tunnelAllowed.map((r) => r.text)).toEqual(['127.0.0.0/8', ':22']);
    expect(effective?.remotes[0]).toMatchObject({ lhost: '0.0.0.0', lport: '2222', rhost: '127.0.0.1', rport: '22' });
    expect(effective?.config.connection.max_retry_interval).toBe(300e9);
    expect(effective?.config.monitoring.interval).toBe(60e9);
  });

  it('is plain data: a structured clone (fork with serialization "advanced", utilityProcess) is equal', () => {
    const { effective } = resolveEffectiveConfig(
      config((c) => {
        c.client.tunnel_allowed = ['[2001:db8::/32]:22', '[::1]', ':53'];
        c.client.remotes = ['2222:[::1]:22', '53/udp'];
      }),
    );
    expect(effective).not.toBeNull();
    expect(structuredClone(effective)).toEqual(effective);
  });

  it('reports every problem in Go’s order with its key and list index, and has no effective config then', () => {
    const { effective, problems } = resolveEffectiveConfig(
      config((c) => {
        c.client.server = 'ftp://h';
        c.client.fallback_servers = ['ok.example.com', 'h:99999'];
        c.client.tunnel_allowed = ['10.0.0.0/8', 'abc:1'];
        c.client.remotes = ['22', 'abc'];
      }),
    );
    expect(effective).toBeNull();
    expect(problems.map((p) => [p.key, p.index, p.severity])).toEqual([
      ['client.server', null, 'error'],
      ['client.fallback_servers', 1, 'error'],
      ['client.tunnel_allowed', 1, 'error'],
      ['client.remotes', 1, 'error'],
    ]);
  });

  it('checks remotes naming a host against tunnel_allowed through the lookup it is given', async () => {
    const c = config((x) => {
      x.client.tunnel_allowed = ['10.0.0.0/8'];
      x.client.remotes = ['22:db.internal:5432', '23:inside.internal:22', '24:10.0.0.1:22'];
    });
    const lookup = async (host: string): Promise<string[]> => (host === 'db.internal' ? ['192.168.1.5'] : ['10.9.9.9']);
    const hosts = await lookupRemoteHosts(c, lookup);
    expect([...hosts.keys()].sort()).toEqual(['db.internal', 'inside.internal']);
    expect(resolveEffectiveConfig(c, hosts).problems).toEqual([
      {
        severity: 'error',
        key: 'client.remotes',
        index: 0,
        message: 'remote "22:db.internal:5432" is not allowed by "tunnel_allowed" config',
      },
    ]);
  });
});
