import { describe, expect, it } from 'vitest';
import {
  areAllAllowed,
  formatTunnelAllowed,
  isTunnelAllowed,
  parseTunnelAllowed,
  type TunnelAllowedRule,
} from '../../../../main/config/rules/tunnel-allowed';

function rule(entry: string): TunnelAllowedRule {
  const r = parseTunnelAllowed(entry);
  if (!r.ok) throw new Error(r.error);
  return r.rule;
}

/** The runtime check (engine: tunnels, check_tunnel_allowed) over parsed entries and a fake DNS. */
function policy(entries: string[], lookup?: (host: string) => Promise<string[]>) {
  const rules = entries.map(rule);
  return { isAllowed: (target: string) => isTunnelAllowed(rules, target, lookup) };
}

const resolver =
  (table: Record<string, string[]>) =>
  async (host: string): Promise<string[]> => {
    if (/^[\d.]+$/.test(host) || host.includes(':')) return [host];
    const found = table[host];
    if (!found) throw new Error(`lookup ${host}: no such host`);
    return found;
  };

describe('tunnel_allowed entries (§4.5)', () => {
  it('parses the Go forms', () => {
    expect(rule('127.0.0.1')).toMatchObject({ port: '', network: { prefix: 32 } });
    expect(rule('10.0.0.0/8')).toMatchObject({ port: '', network: { prefix: 8 } });
    expect(rule('10.0.0.0/8:22')).toMatchObject({ port: '22', network: { prefix: 8 } });
    expect(rule(':22')).toMatchObject({ port: '22', network: null });
    expect(rule('22')).toMatchObject({ port: '22', network: null });
  });

  it('parses IPv6 entries in brackets (extension) and bare IPv6 without a port', () => {
    expect(rule('[::1]')).toMatchObject({ port: '', network: { prefix: 128 } });
    expect(rule('[::1]:22')).toMatchObject({ port: '22', network: { prefix: 128 } });
    expect(rule('[2001:db8::/32]:8080')).toMatchObject({ port: '8080', network: { prefix: 32 } });
    expect(rule('2001:db8::/32')).toMatchObject({ port: '', network: { prefix: 32 } });
  });

  it.each([
    ['', 'empty value not allowed: ""'],
    ['foo:22', 'invalid ip range: "foo"'],
    ['10.0.0.1:abc', 'invalid port: "abc"'],
    ['[::1', 'invalid value: "[::1"'],
    ['[::1]x', 'invalid value: "[::1]x"'],
    ['a:b:c', 'invalid value: "a:b:c"'],
  ])('%j is rejected with %s', (entry, message) => {
    expect(parseTunnelAllowed(entry)).toEqual({ ok: false, error: message });
  });

  it('is plain data that survives structured clone (it crosses to the engine worker)', () => {
    const parsed = ['10.0.0.0/8:22', '[::1]', ':80'].map(rule);
    expect(structuredClone(parsed)).toEqual(parsed);
  });
});

describe('isTunnelAllowed', () => {
  it('allows everything when the list is empty (no lookup)', async () => {
    expect(await policy([]).isAllowed('anything.invalid:1')).toBe(true);
  });

  it('matches network and port', async () => {
    const p = policy(['127.0.0.0/8:22', '10.1.2.3'], resolver({}));
    expect(await p.isAllowed('127.0.0.5:22')).toBe(true);
    expect(await p.isAllowed('127.0.0.5:23')).toBe(false);
    expect(await p.isAllowed('10.1.2.3:9999')).toBe(true);
    expect(await p.isAllowed('10.1.2.4:9999')).toBe(false);
  });

  it('requires every resolved address to match', async () => {
    const p = policy(['192.168.0.0/16'], resolver({ both: ['192.168.1.1', '8.8.8.8'], inside: ['192.168.3.3'] }));
    expect(await p.isAllowed('inside:80')).toBe(true);
    expect(await p.isAllowed('both:80')).toBe(false);
    await expect(p.isAllowed('missing:80')).rejects.toThrow(/no such host/);
  });

  it('matches IPv6 targets against bracketed entries, and IPv4-mapped against IPv4 entries', async () => {
    const p = policy(['[::1]:22', '[2001:db8::/32]', '127.0.0.1'], resolver({}));
    expect(await p.isAllowed('[::1]:22')).toBe(true);
    expect(await p.isAllowed('[::1]:23')).toBe(false);
    expect(await p.isAllowed('[2001:db8:1::5]:443')).toBe(true);
    expect(await p.isAllowed('[2001:db9::5]:443')).toBe(false);
    expect(await p.isAllowed('[::ffff:127.0.0.1]:80')).toBe(true);
  });

  it('treats a port-only entry as any host', async () => {
    const p = policy(['22'], resolver({}));
    expect(await p.isAllowed('8.8.8.8:22')).toBe(true);
    expect(await p.isAllowed('[2001:db8::1]:22')).toBe(true);
    expect(await p.isAllowed('8.8.8.8:80')).toBe(false);
  });

  it('rejects a malformed target', async () => {
    await expect(policy(['22'], resolver({})).isAllowed('nonsense')).rejects.toThrow(/missing port/);
  });

  it('a lookup that finds no address is "no such host"', async () => {
    await expect(policy(['22'], async () => []).isAllowed('empty.example:22')).rejects.toThrow(
      'lookup empty.example: no such host',
    );
  });
});

describe('tunnel_allowed entries at their edges', () => {
  it('a single address is /32 for IPv4 and /128 for IPv6, bracketed or bare', () => {
    expect(rule('[1.2.3.4]')).toMatchObject({ port: '', network: { prefix: 32 } });
    expect(rule('[1.2.3.4]:22')).toMatchObject({ port: '22', network: { prefix: 32 } });
    expect(rule('[2001:db8::1]:22')).toMatchObject({ port: '22', network: { prefix: 128 } });
    expect(rule('::1')).toMatchObject({ port: '', network: { prefix: 128 } });
    expect(rule('2001:db8::1')).toMatchObject({ port: '', network: { prefix: 128 } });
    expect(rule('1.2.3.4:22')).toMatchObject({ port: '22', network: { prefix: 32 } });
  });

  it.each([
    ['[foo]', 'invalid ip range: "foo"'],
    ['[foo]:22', 'invalid ip range: "foo"'],
    ['[]:22', 'invalid ip range: ""'],
    ['[::1]:', 'invalid value: "[::1]:"'],
    ['[::1]:abc', 'invalid port: "abc"'],
    ['[::1]:22x', 'invalid port: "22x"'],
    ['[::1]:x22', 'invalid port: "x22"'],
    ['10.0.0.1:22x', 'invalid port: "22x"'],
    ['1:2:3:zz', 'invalid value: "1:2:3:zz"'],
  ])('%j is rejected with %s', (entry, message) => {
    expect(parseTunnelAllowed(entry)).toEqual({ ok: false, error: message });
  });

  it('ports keep Go’s string form: a sign is allowed and compared as written', async () => {
    expect(rule('[::1]:+22')).toMatchObject({ port: '+22' });
    expect(rule(':-1')).toMatchObject({ port: '-1', network: null });
    const p = policy(['[::1]:+22'], resolver({}));
    expect(await p.isAllowed('[::1]:22')).toBe(false);
  });

  it('checks resolved addresses directly: no rules allows all, an unparsable address passes none', () => {
    expect(areAllAllowed([], ['8.8.8.8', 'garbage'], '1')).toBe(true);
    expect(areAllAllowed([rule('22')], ['garbage'], '22')).toBe(false);
    expect(areAllAllowed([rule('22')], ['127.0.0.1', '::1'], '22')).toBe(true);
    expect(areAllAllowed([rule('22')], [], '22')).toBe(true);
  });

  it('formats the rules as Go logs them', () => {
    expect(formatTunnelAllowed([rule('10.0.0.0/8'), rule(':22')])).toBe('[10.0.0.0/8 :22]');
    expect(formatTunnelAllowed([])).toBe('[]');
  });
});
