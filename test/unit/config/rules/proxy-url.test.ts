// `[client] proxy` URLs (docs/protocol.md §1.5): which schemes work, and the exact refusal for each other.
import { describe, expect, it } from 'vitest';
import { parseProxyUrl } from '../../../../main/config/rules/proxy-url';

describe('proxy URL rule (§1.5)', () => {
  it.each([
    ['http://proxy.example:3128', 'http-connect'],
    ['HTTP://proxy.example:3128', 'http-connect'],
    ['http://u:p@proxy.example:3128', 'http-connect'],
    ['socks://proxy.example:1080', 'socks5h'],
    ['socks5h://proxy.example:1080', 'socks5h'],
    ['SOCKS5H://proxy.example:1080', 'socks5h'],
  ])('%s → %s', (url, kind) => {
    expect(parseProxyUrl(url)).toEqual({ ok: true, kind });
  });

  it.each([
    ['https://proxy.example:3128', 'https proxies not (yet) supported'],
    [
      'socks5://proxy.example:1080',
      'unsupported socks proxy type: socks5:// (only socks5h:// or socks:// is supported)',
    ],
    [
      'socks4://proxy.example:1080',
      'unsupported socks proxy type: socks4:// (only socks5h:// or socks:// is supported)',
    ],
    [
      'ftp://proxy.example:21',
      'unsupported proxy scheme: ftp:// (only http://, socks:// and socks5h:// proxies work; write http://host:port for an HTTP proxy)',
    ],
    [
      '/just/a/path',
      'unsupported proxy scheme: (none) (only http://, socks:// and socks5h:// proxies work; write http://host:port for an HTTP proxy)',
    ],
    ['http://', 'the proxy URL has no host; write http://host:port'],
    ['socks:///x', 'the proxy URL has no host; write http://host:port'],
  ])('%s is refused: %s', (url, error) => {
    expect(parseProxyUrl(url)).toEqual({ ok: false, error });
  });

  it('passes on the URL parser’s reason', () => {
    const r = parseProxyUrl('http://proxy.example:bad');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^invalid proxy URL: /);
  });
});
