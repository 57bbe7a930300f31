// Server URLs at their edges (issue 20): which refusals get the IPv6 hint.
import { describe, expect, it } from 'vitest';
import { parseServerUrl } from '../../../../main/config/rules/server-url';

describe('server URL edges', () => {
  it('too many colons: the bracket hint only when the host (or the host before its port) is IPv6', () => {
    expect(parseServerUrl('http://a:1:2')).toEqual({ ok: false, error: 'address a:1:2: too many colons in address' });
    expect(parseServerUrl('http://2001:db8::1:99999')).toEqual({
      ok: false,
      error: 'address 2001:db8::1:99999: too many colons in address (put an IPv6 address in brackets)',
    });
  });

  it('a bracketed IPv6 address without a port gets the default port (its last group is no port)', () => {
    expect(parseServerUrl('[::1]')).toMatchObject({ ok: true, endpoint: { url: 'ws://[::1]:80', port: 80 } });
    expect(parseServerUrl('https://[2001:db8::1]')).toMatchObject({
      ok: true,
      endpoint: { port: 443, host: '2001:db8::1' },
    });
  });

  it('a host with only a port is refused as missing', () => {
    expect(parseServerUrl('https://:443')).toEqual({ ok: false, error: 'missing host' });
  });
});
