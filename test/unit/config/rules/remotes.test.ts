import { describe, expect, it } from 'vitest';
import { goQuote } from '../../../../main/shared/go/quote';
import {
  joinHostPort,
  parseRemote,
  remoteTarget,
  splitHostPort,
  type RemoteObject,
} from '../../../../main/config/rules/remotes';

function remote(text: string): RemoteObject {
  const r = parseRemote(text);
  if (!r.ok) throw new Error(r.error);
  return r.remote;
}

describe('remotes (§4.1, Go NewRemote)', () => {
  it.each([
    ['22', { protocol: 'tcp', lhost: '', lport: '', rhost: '127.0.0.1', rport: '22' }],
    ['2222:22', { lhost: '0.0.0.0', lport: '2222', rhost: '127.0.0.1', rport: '22' }],
    ['3000:google.com:80', { lhost: '0.0.0.0', lport: '3000', rhost: 'google.com', rport: '80' }],
    ['192.168.0.5:3000:google.com:80', { lhost: '192.168.0.5', lport: '3000', rhost: 'google.com', rport: '80' }],
    ['foobar.com:3000', { lhost: '', lport: '', rhost: 'foobar.com', rport: '3000' }],
    ['53/udp', { protocol: 'udp', rport: '53' }],
    ['8080:80/tcp+udp', { protocol: 'tcp+udp', lport: '8080', rport: '80' }],
    ['2222:[::1]:22', { lhost: '0.0.0.0', lport: '2222', rhost: '::1', rport: '22' }],
  ])('%s', (text, expected) => {
    expect(remote(text)).toMatchObject(expected);
  });

  it('produces the full Go Remote object with json tags and nulls', () => {
    expect(Object.keys(remote('2222:22'))).toEqual([
      'name',
      'protocol',
      'lhost',
      'lport',
      'lport_random',
      'owner',
      'rhost',
      'rport',
      'scheme',
      'acl',
      'idle_timeout_minutes',
      'auto_close',
      'http_proxy',
      'host_header',
      'auth_user',
      'auth_password',
      'tunnel_url',
    ]);
    expect(remote('22')).toMatchObject({ scheme: null, acl: null, lport_random: false, auto_close: 0 });
  });

  it.each([
    ['a:b:c:d:e', 'Invalid remote'],
    ['host', 'Missing ports'],
    ['ho\u0001st:22', 'Invalid host'],
    ['bad%zz:22', 'Invalid host'],
  ])('%j fails with %s', (text, reason) => {
    expect(parseRemote(text)).toEqual({ ok: false, error: `failed to decode remote ${goQuote(text)}: ${reason}` });
  });

  it('joins and splits host:port like Go', () => {
    expect(joinHostPort('::1', 22)).toBe('[::1]:22');
    expect(remoteTarget(remote('2222:[2001:db8::1]:22'))).toBe('[2001:db8::1]:22');
    expect(splitHostPort('[::1]:22')).toEqual({ host: '::1', port: '22' });
    expect(splitHostPort('example.com:80')).toEqual({ host: 'example.com', port: '80' });
    expect(() => splitHostPort('::1:22')).toThrow(/too many colons/);
    expect(() => splitHostPort('host')).toThrow(/missing port/);
  });

  it('takes 4 parts and refuses 5, brackets keeping an IPv6 host whole', () => {
    expect(remote('1.2.3.4:3000:h:80')).toMatchObject({ lhost: '1.2.3.4', lport: '3000', rhost: 'h', rport: '80' });
    expect(remote('[::2]:3000:[::1]:80')).toMatchObject({ lhost: '::2', lport: '3000', rhost: '::1', rport: '80' });
    expect(parseRemote('a:1:b:2:3')).toEqual({
      ok: false,
      error: 'failed to decode remote "a:1:b:2:3": Invalid remote',
    });
    // A stray ']' does not make the count go below zero, so a later '[' still groups.
    expect(remote('x]:2222:[::1]:22')).toMatchObject({ lhost: 'x]', lport: '2222', rhost: '::1', rport: '22' });
    // Only a host in brackets loses them.
    expect(parseRemote('[h:22')).toMatchObject({ ok: false, error: expect.stringMatching(/Missing ports$/) });
    expect(remote('[h:1]x:22')).toMatchObject({ rhost: '[h:1]x' });
    expect(remote('h]:22')).toMatchObject({ rhost: 'h]' });
  });

  it('refuses control characters (below 0x20 and 0x7f) and bad percent escapes in a host, nothing else', () => {
    expect(parseRemote('a\u001fb:22')).toMatchObject({ ok: false, error: expect.stringMatching(/Invalid host$/) });
    expect(parseRemote('a\u007fb:22')).toMatchObject({ ok: false, error: expect.stringMatching(/Invalid host$/) });
    expect(remote('a b:22').rhost).toBe('a b');
    expect(remote('a~b:22').rhost).toBe('a~b');
    expect(remote('a%41b:22').rhost).toBe('a%41b');
    expect(parseRemote('a%4:22')).toMatchObject({ ok: false, error: expect.stringMatching(/Invalid host$/) });
    expect(parseRemote('a%:22')).toMatchObject({ ok: false, error: expect.stringMatching(/Invalid host$/) });
  });

  it('reads the protocol only from a known suffix', () => {
    expect(remote('22/udp').protocol).toBe('udp');
    expect(remote('22/tcp').protocol).toBe('tcp');
    expect(parseRemote('22/sctp')).toMatchObject({ ok: false, error: expect.stringMatching(/Missing ports$/) });
  });

  it('splitHostPort names what is missing', () => {
    expect(() => splitHostPort('[::1')).toThrow("address [::1: missing ']' in address");
    expect(() => splitHostPort('[::1]22')).toThrow('address [::1]22: missing port in address');
    expect(() => splitHostPort('host')).toThrow('address host: missing port in address');
    expect(() => splitHostPort('a:b:c')).toThrow('address a:b:c: too many colons in address');
    expect(splitHostPort('[::1]:')).toEqual({ host: '::1', port: '' });
    expect(joinHostPort('h', '22')).toBe('h:22');
  });
});
