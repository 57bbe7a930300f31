// The effective config at its edges (issue 20): the exact text, key, index and severity of each problem;
// when a remote is checked against tunnel_allowed and when not; what is looked up and how failures read.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../main/config/defaults';
import {
  lookupRemoteHosts,
  remoteHostsToResolve,
  resolveEffectiveConfig,
  resolveEffectiveConfigWithLookup,
} from '../../../main/config/effective-config';
import type { RportConfig } from '../../../main/shared/types/config-types';
import { DATA_DIR } from './helpers';

function config(tweak: (c: RportConfig) => void = () => {}): RportConfig {
  const c = defaultConfig(DATA_DIR, 'linux');
  c.client.server = 'rport.example.com:8080';
  tweak(c);
  return c;
}

const noLookup = async (host: string): Promise<string[]> => {
  throw new Error(`unexpected lookup of ${host}`);
};

describe('effective config problems', () => {
  it('names each bad item with its index and the exact text, in Go order', () => {
    const { effective, problems } = resolveEffectiveConfig(
      config((c) => {
        c.connection.headers = ['X-Ok: 1', 'no colon'];
        c.client.server = '';
        c.client.fallback_servers = ['ftp://a', 'b.example:1'];
        c.client.tunnel_allowed = ['10.0.0.0/33'];
        c.client.remotes = ['x'];
      }),
    );
    expect(effective).toBeNull();
    expect(problems).toEqual([
      {
        severity: 'error',
        key: 'connection.headers',
        index: 1,
        message: 'invalid header "no colon". Should be in the format "HeaderName: HeaderContent"',
      },
      { severity: 'error', key: 'client.server', index: null, message: 'server address is required' },
      {
        severity: 'error',
        key: 'client.fallback_servers',
        index: 0,
        message: 'invalid fallback server address: unsupported scheme "ftp": use http://, https://, ws:// or wss://',
      },
      {
        severity: 'error',
        key: 'client.tunnel_allowed',
        index: 0,
        message: expect.stringMatching(/^invalid "tunnel_allowed" config: ./),
      },
      { severity: 'error', key: 'client.remotes', index: 0, message: 'failed to decode remote "x": Missing ports' },
    ]);
  });

  it('an invalid server says why', () => {
    expect(resolveEffectiveConfig(config((c) => (c.client.server = 'ftp://h'))).problems).toEqual([
      {
        severity: 'error',
        key: 'client.server',
        index: null,
        message: 'invalid server address: unsupported scheme "ftp": use http://, https://, ws:// or wss://',
      },
    ]);
  });

  it('holds the headers, the servers in order (server first) and the remotes', () => {
    const { effective, problems } = resolveEffectiveConfig(
      config((c) => {
        c.connection.headers = ['x-one: 1', 'Upgrade: h2c'];
        c.client.fallback_servers = ['a.example:1', 'b.example:2'];
        c.client.remotes = ['1:2', '3'];
      }),
    );
    expect(problems).toEqual([]);
    expect(effective?.headers).toEqual({ http: { 'X-One': ['1'] }, ignored: ['Upgrade'] });
    expect(effective?.servers.map((s) => s.address)).toEqual(['rport.example.com:8080', 'a.example:1', 'b.example:2']);
    expect(effective?.remotes.map((r) => r.rport)).toEqual(['2', '3']);
    expect(effective?.tunnelAllowed).toEqual([]);
  });

  it('keeps durations at and above the fix-up limits, and fixes them below', () => {
    const at = resolveEffectiveConfig(
      config((c) => {
        c.connection.max_retry_interval = 1e9;
        c.monitoring.interval = 60e9;
      }),
    ).effective?.config;
    expect([at?.connection.max_retry_interval, at?.monitoring.interval]).toEqual([1e9, 60e9]);
    const below = resolveEffectiveConfig(
      config((c) => {
        c.connection.max_retry_interval = 1e9 - 1;
        c.monitoring.interval = 60e9 - 1;
      }),
    ).effective?.config;
    expect([below?.connection.max_retry_interval, below?.monitoring.interval]).toEqual([300e9, 60e9]);
  });
});

describe('remotes against tunnel_allowed', () => {
  it('an IP remote outside the rules is refused; inside passes; its port counts', () => {
    const problems = resolveEffectiveConfig(
      config((c) => {
        c.client.tunnel_allowed = ['10.0.0.0/8:22'];
        c.client.remotes = ['1:10.0.0.1:22', '2:10.0.0.1:23', '3:11.0.0.1:22'];
      }),
    ).problems;
    expect(problems).toEqual([
      {
        severity: 'error',
        key: 'client.remotes',
        index: 1,
        message: 'remote "2:10.0.0.1:23" is not allowed by "tunnel_allowed" config',
      },
      {
        severity: 'error',
        key: 'client.remotes',
        index: 2,
        message: 'remote "3:11.0.0.1:22" is not allowed by "tunnel_allowed" config',
      },
    ]);
  });

  it('are not checked without rules, or when a rule is invalid (that error is enough)', () => {
    expect(resolveEffectiveConfig(config((c) => (c.client.remotes = ['1:11.0.0.1:22']))).problems).toEqual([]);
    const bad = resolveEffectiveConfig(
      config((c) => {
        c.client.tunnel_allowed = ['10.0.0.0/8', 'nonsense:x'];
        c.client.remotes = ['1:11.0.0.1:22'];
      }),
    ).problems;
    expect(bad.map((p) => [p.key, p.index])).toEqual([['client.tunnel_allowed', 1]]);
  });

  it('a host name is checked only with its lookup; a failed lookup is a warning and keeps the config', () => {
    const c = config((x) => {
      x.client.tunnel_allowed = ['10.0.0.0/8'];
      x.client.remotes = ['1:gone.example:22', '2:later.example:22'];
    });
    const { effective, problems } = resolveEffectiveConfig(
      c,
      new Map([['gone.example', new Error('lookup gone.example: no such host')]]),
    );
    expect(problems).toEqual([
      {
        severity: 'warning',
        key: 'client.remotes',
        index: 0,
        message:
          'failed to check if remote "1:gone.example:22" is allowed: lookup gone.example: no such host (checked again when connecting)',
      },
    ]);
    expect(effective?.remotes).toHaveLength(2);
  });

  it('every address a name resolves to must be allowed', () => {
    const c = config((x) => {
      x.client.tunnel_allowed = ['10.0.0.0/8'];
      x.client.remotes = ['1:two.example:22'];
    });
    const hosts = (ips: string[]) => new Map([['two.example', ips]]);
    expect(resolveEffectiveConfig(c, hosts(['10.0.0.1', '10.0.0.2'])).problems).toEqual([]);
    expect(resolveEffectiveConfig(c, hosts(['10.0.0.1', '11.0.0.2'])).problems).toMatchObject([
      { severity: 'error', index: 0 },
    ]);
  });
});

describe('host lookups for remotes', () => {
  it('only host names (not IPs, not unparsable remotes), each once, and none without rules', () => {
    const c = config((x) => {
      x.client.tunnel_allowed = ['10.0.0.0/8'];
      x.client.remotes = ['1:a.example:22', '2:10.0.0.1:22', '3:[::1]:22', '4:a.example:23', 'bad', '5:b.example:1'];
    });
    expect(remoteHostsToResolve(c)).toEqual(['a.example', 'b.example']);
    c.client.tunnel_allowed = [];
    expect(remoteHostsToResolve(c)).toEqual([]);
  });

  it('keeps a failure as an Error, also when the lookup rejects with something else', async () => {
    const c = config((x) => {
      x.client.tunnel_allowed = ['10.0.0.0/8'];
      x.client.remotes = ['1:a.example:22', '2:b.example:22', '3:c.example:22'];
    });
    const hosts = await lookupRemoteHosts(c, async (host) => {
      if (host === 'a.example') throw new Error('lookup a.example: no such host');
      if (host === 'b.example') throw 'plain text';
      return ['10.1.2.3'];
    });
    expect(hosts.get('a.example')).toEqual(new Error('lookup a.example: no such host'));
    expect(hosts.get('b.example')).toEqual(new Error('plain text'));
    expect(hosts.get('c.example')).toEqual(['10.1.2.3']);
    expect(await lookupRemoteHosts(config(), noLookup)).toEqual(new Map());
  });

  it('resolveEffectiveConfigWithLookup looks up, then resolves', async () => {
    const c = config((x) => {
      x.client.tunnel_allowed = ['10.0.0.0/8'];
      x.client.remotes = ['1:a.example:22'];
    });
    const looked: string[] = [];
    const r = await resolveEffectiveConfigWithLookup(c, async (host) => {
      looked.push(host);
      return ['11.0.0.1'];
    });
    expect(looked).toEqual(['a.example']);
    expect(r.problems).toEqual([
      {
        severity: 'error',
        key: 'client.remotes',
        index: 0,
        message: 'remote "1:a.example:22" is not allowed by "tunnel_allowed" config',
      },
    ]);
    expect((await resolveEffectiveConfigWithLookup(config(), noLookup)).problems).toEqual([]);
  });
});
