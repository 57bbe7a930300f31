import { describe, expect, it } from 'vitest';
import {
  HeaderSyntaxError,
  canonicalHeaderName,
  handshakeRequestHeaders,
  parseConnectionHeaders,
} from '../../../main/engine/handshake-headers';

describe('upgrade request headers (§1.2)', () => {
  it('canonicalises names like Go textproto', () => {
    expect(canonicalHeaderName('x-forwarded-for')).toBe('X-Forwarded-For');
    expect(canonicalHeaderName('USER-AGENT')).toBe('User-Agent');
    expect(canonicalHeaderName('bad name')).toBe('bad name');
  });

  it('last value of a name wins, hostname becomes Host, default User-Agent', () => {
    const parsed = parseConnectionHeaders(
      ['x-token: one', 'X-TOKEN: two', 'X-Other:  spaced  '],
      'rport.internal',
      '1.2.3',
    );
    expect(parsed.http).toEqual({
      'X-Token': ['two'],
      'X-Other': ['spaced'],
      Host: ['rport.internal'],
      'User-Agent': ['rport 1.2.3'],
    });
    expect(handshakeRequestHeaders(parsed)).toEqual({
      'X-Token': 'two',
      'X-Other': 'spaced',
      Host: 'rport.internal',
      'User-Agent': 'rport 1.2.3',
      'Sec-WebSocket-Protocol': 'rport-v1',
    });
  });

  it('keeps a user-set User-Agent and ignores handshake-owned headers', () => {
    const parsed = parseConnectionHeaders(
      ['user-agent: mine/1', 'sec-websocket-protocol: x', 'Upgrade: h2c'],
      '',
      '1.2.3',
    );
    expect(parsed.http).toEqual({ 'User-Agent': ['mine/1'] });
    expect(parsed.ignored).toEqual(['Sec-Websocket-Protocol', 'Upgrade']);
    expect(handshakeRequestHeaders(parsed)['Sec-WebSocket-Protocol']).toBe('rport-v1');
  });

  it('rejects a header without a colon with Go’s message', () => {
    expect(() => parseConnectionHeaders(['NoColon'], '', '1')).toThrow(HeaderSyntaxError);
    expect(() => parseConnectionHeaders(['NoColon'], '', '1')).toThrow(
      'invalid header "NoColon". Should be in the format "HeaderName: HeaderContent"',
    );
  });
});
