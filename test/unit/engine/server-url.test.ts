import { describe, expect, it } from 'vitest';
import { normaliseServerUrl, parseServerUrl } from '../../../main/engine/server-url';

describe('server URL normalisation (§1.1)', () => {
  it.each([
    ['0.0.0.0:8080', 'ws://0.0.0.0:8080'],
    ['https://rport.example.com', 'wss://rport.example.com:443'],
    ['[2a01:4f9::1]:9999', 'ws://[2a01:4f9::1]:9999'],
    ['rport.example.com', 'ws://rport.example.com:80'],
    ['http://rport.example.com:8080/sub/path?x=1', 'ws://rport.example.com:8080/sub/path?x=1'],
    ['wss://rport.example.com', 'wss://rport.example.com:443'],
    ['ws://rport.example.com', 'ws://rport.example.com:80'],
    ['HTTPS://rport.example.com:4443', 'wss://rport.example.com:4443'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseServerUrl(input)).toBe(expected);
  });

  it('returns host and port without brackets for IPv6', () => {
    expect(parseServerUrl('[::1]:8080')).toMatchObject({
      hostname: '::1',
      port: 8080,
      hostPort: '[::1]:8080',
      scheme: 'ws',
    });
  });

  it('rejects other schemes and empty input', () => {
    expect(() => parseServerUrl('ftp://x:21')).toThrow(/unsupported scheme/);
    expect(() => parseServerUrl('')).toThrow(/required/);
  });
});
