import { describe, expect, it } from 'vitest';
import { parseServerUrl, type ServerEndpoint } from '../../../../main/config/rules/server-url';

function endpoint(address: string): ServerEndpoint {
  const r = parseServerUrl(address);
  if (!r.ok) throw new Error(r.error);
  return r.endpoint;
}

// The check-versus-engine table (test/integration/config/check-vs-engine.test.ts) covers accepted and
// refused addresses end to end; these are the parser's finer points.
describe('server URL normalisation (§1.1, Go parseURL)', () => {
  it.each([
    ['0.0.0.0:8080', 'ws://0.0.0.0:8080'],
    ['https://rport.example.com', 'wss://rport.example.com:443'],
    ['[2a01:4f9::1]:9999', 'ws://[2a01:4f9::1]:9999'],
    ['rport.example.com', 'ws://rport.example.com:80'],
    ['http://rport.example.com:8080/sub/path?x=1', 'ws://rport.example.com:8080/sub/path?x=1'],
    ['wss://rport.example.com', 'wss://rport.example.com:443'],
    ['ws://rport.example.com', 'ws://rport.example.com:80'],
    ['HTTPS://rport.example.com:4443', 'wss://rport.example.com:4443'],
    // Go's EscapedPath: a path that is not validly encoded is escaped; a valid one is kept as written.
    ['h:1/a b/%41', 'ws://h:1/a%20b/A'],
    ['h:1/a%2Fb', 'ws://h:1/a%2Fb'],
    // The fragment is never sent (and the WebSocket client refuses it).
    ['h:1/p#frag', 'ws://h:1/p'],
  ])('%s → %s', (input, expected) => {
    expect(endpoint(input).url).toBe(expected);
  });

  it('returns the parts the dialer needs: host without brackets, port, hostPort as in the URL', () => {
    expect(endpoint('[::1]:8080')).toEqual({
      address: '[::1]:8080',
      url: 'ws://[::1]:8080',
      scheme: 'ws',
      host: '::1',
      port: 8080,
      hostPort: '[::1]:8080',
    });
    expect(endpoint('https://u:p@h.example/x')).toMatchObject({ scheme: 'wss', host: 'h.example', port: 443 });
  });

  it('keeps the password of user info out of its errors', () => {
    const r = parseServerUrl('http://u:s3cret@host:bad');
    expect(r).toEqual({ ok: false, error: 'parse "http://u:********@host:bad": invalid port ":bad" after host' });
    expect(JSON.stringify(parseServerUrl('ftp://u:s3cret@h'))).not.toContain('s3cret');
  });

  it('is plain data that survives structured clone (it crosses to the engine worker)', () => {
    const e = endpoint('https://h.example:8443/p?q=1');
    expect(structuredClone(e)).toEqual(e);
  });

  it('accepts ports 1 and 65535 and refuses 0 and 65536', () => {
    expect(endpoint('h.example:1').port).toBe(1);
    expect(endpoint('h.example:65535').port).toBe(65535);
    expect(parseServerUrl('h.example:0')).toEqual({ ok: false, error: 'invalid port "0": must be 1 to 65535' });
    expect(parseServerUrl('h.example:65536')).toEqual({ ok: false, error: 'invalid port "65536": must be 1 to 65535' });
  });

  it('adds :443 only for https and wss, :80 otherwise, and keeps a port that is there', () => {
    expect(endpoint('wss://h.example').hostPort).toBe('h.example:443');
    expect(endpoint('https://h.example').hostPort).toBe('h.example:443');
    expect(endpoint('ws://h.example').hostPort).toBe('h.example:80');
    expect(endpoint('http://h.example').hostPort).toBe('h.example:80');
    expect(endpoint('https://h.example:8443').hostPort).toBe('h.example:8443');
  });

  it('refuses other schemes, a missing host and an IPv6 address without brackets, saying why', () => {
    expect(parseServerUrl('ftp://h.example')).toEqual({
      ok: false,
      error: 'unsupported scheme "ftp": use http://, https://, ws:// or wss://',
    });
    expect(parseServerUrl('ws:h.example/a://b')).toEqual({ ok: false, error: 'missing host' });
    expect(parseServerUrl('http://:8080')).toEqual({ ok: false, error: 'missing host' });
    const v6 = parseServerUrl('http://2001:db8::1');
    expect(v6.ok).toBe(false);
    expect(!v6.ok && v6.error).toMatch(/\(put an IPv6 address in brackets\)$/);
    const v6WithPort = parseServerUrl('http://2001:db8::1:8080');
    expect(!v6WithPort.ok && v6WithPort.error).toMatch(/\(put an IPv6 address in brackets\)$/);
    const name = parseServerUrl('http://a:b:c');
    expect(!name.ok && name.error).not.toMatch(/brackets/);
    expect(parseServerUrl('http://a<b:80')).toEqual({ ok: false, error: 'invalid host "a<b"' });
  });

  it('keeps user info and the query in the URL it dials', () => {
    expect(endpoint('http://u:p@h.example:8080/p?q=1').url).toBe('ws://u:p@h.example:8080/p?q=1');
    expect(endpoint('h.example:8080/p').url).toBe('ws://h.example:8080/p');
  });
});
