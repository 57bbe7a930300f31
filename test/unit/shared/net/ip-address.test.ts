import { describe, expect, it } from 'vitest';
import { formatIp, networkContains, parseCidr, parseIp, toIPv4 } from '../../../../main/shared/net/ip-address';

describe('IP helpers', () => {
  it('parses IPv4, IPv6, embedded IPv4 and zones', () => {
    expect(Array.from(parseIp('10.0.0.1') ?? [])).toEqual([10, 0, 0, 1]);
    expect(Buffer.from(parseIp('2001:db8::1') ?? []).toString('hex')).toBe('20010db8000000000000000000000001');
    expect(Buffer.from(parseIp('::ffff:1.2.3.4') ?? []).toString('hex')).toBe('00000000000000000000ffff01020304');
    expect(Buffer.from(parseIp('fe80::1%eth0') ?? []).toString('hex')).toBe('fe800000000000000000000000000001');
    expect(parseIp('not-an-ip')).toBeNull();
    expect(parseIp('1.2.3')).toBeNull();
  });

  it('maps IPv4-mapped addresses to IPv4', () => {
    expect(Array.from(toIPv4(parseIp('::ffff:10.0.0.1') as Uint8Array) ?? [])).toEqual([10, 0, 0, 1]);
    expect(toIPv4(parseIp('::1') as Uint8Array)).toBeNull();
  });

  it('checks containment like Go IPNet.Contains', () => {
    const v4 = parseCidr('10.0.0.0/8');
    const v6 = parseCidr('2001:db8::/32');
    expect(v4 && networkContains(v4, parseIp('10.200.1.1') as Uint8Array)).toBe(true);
    expect(v4 && networkContains(v4, parseIp('::ffff:10.200.1.1') as Uint8Array)).toBe(true);
    expect(v4 && networkContains(v4, parseIp('11.0.0.1') as Uint8Array)).toBe(false);
    expect(v6 && networkContains(v6, parseIp('2001:db8:ffff::1') as Uint8Array)).toBe(true);
    expect(v6 && networkContains(v6, parseIp('10.0.0.1') as Uint8Array)).toBe(false);
    expect(parseCidr('10.0.0.0/33')).toBeNull();
  });

  it('formats like Go net.IP.String()', () => {
    expect(formatIp(parseIp('2001:db8:0:0:1:0:0:1') as Uint8Array)).toBe('2001:db8::1:0:0:1');
    expect(formatIp(parseIp('::ffff:127.0.0.1') as Uint8Array)).toBe('127.0.0.1');
    expect(formatIp(parseIp('::1') as Uint8Array)).toBe('::1');
  });
});
