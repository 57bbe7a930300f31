import { describe, expect, it } from 'vitest';
import { canonicalHeaderName, parseUserHeaders } from '../../../../main/config/rules/connection-headers';
import { handshakeRequestHeaders, withClientHeaders } from '../../../../main/engine/handshake-headers';
import { resolveEffectiveConfig } from '../../../../main/config/effective-config';
import { defaultConfig } from '../../../../main/config/defaults';
import { SECRET_MASK } from '../../../../main/shared/secrets';

const parse = (headers: string[]) => {
  const r = parseUserHeaders(headers);
  expect(r.errors).toEqual([]);
  return r.headers;
};

describe('[connection] headers (§1.2): one parser for check and the upgrade request', () => {
  it('canonicalises names like Go textproto', () => {
    expect(canonicalHeaderName('x-forwarded-for')).toBe('X-Forwarded-For');
    expect(canonicalHeaderName('USER-AGENT')).toBe('User-Agent');
    expect(canonicalHeaderName('bad name')).toBe('bad name');
  });

  it('last value of a name wins; the engine adds Host from hostname and a default User-Agent', () => {
    const parsed = withClientHeaders(
      parse(['x-token: one', 'X-TOKEN: two', 'X-Other:  spaced  ']),
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

  it('keeps a user-set User-Agent and drops handshake-owned headers', () => {
    const parsed = withClientHeaders(
      parse(['user-agent: mine/1', 'sec-websocket-protocol: x', 'Upgrade: h2c']),
      '',
      '1',
    );
    expect(parsed.http).toEqual({ 'User-Agent': ['mine/1'] });
    expect(parsed.ignored).toEqual(['Sec-Websocket-Protocol', 'Upgrade']);
    expect(handshakeRequestHeaders(parsed)['Sec-WebSocket-Protocol']).toBe('rport-v1');
  });

  it('refuses every entry without a colon with Go’s message, masking a credential', () => {
    const r = parseUserHeaders(['NoColon', 'X-Ok: 1', 'Authorization Bearer s3cr3t-token']);
    expect(r.errors).toEqual([
      { index: 0, error: 'invalid header "NoColon". Should be in the format "HeaderName: HeaderContent"' },
      {
        index: 2,
        error: `invalid header "Authorization ${SECRET_MASK}". Should be in the format "HeaderName: HeaderContent"`,
      },
    ]);
  });

  it('is what the effective config carries, and a bad entry leaves no effective config', () => {
    const config = defaultConfig('/d', 'linux');
    config.client.server = 'h:1';
    config.connection.headers = ['x-a: 1'];
    expect(resolveEffectiveConfig(config).effective?.headers).toEqual({ http: { 'X-A': ['1'] }, ignored: [] });
    config.connection.headers = ['x-a 1'];
    const bad = resolveEffectiveConfig(config);
    expect(bad.effective).toBeNull();
    expect(bad.problems).toEqual([
      {
        severity: 'error',
        key: 'connection.headers',
        index: 0,
        message: 'invalid header "x-a 1". Should be in the format "HeaderName: HeaderContent"',
      },
    ]);
  });

  it('canonicalises after every dash only, and leaves names with non-token characters alone', () => {
    expect(canonicalHeaderName('a-b-c')).toBe('A-B-C');
    expect(canonicalHeaderName('x--y')).toBe('X--Y');
    expect(canonicalHeaderName('x_forwarded')).toBe('X_forwarded');
    expect(canonicalHeaderName("x!#$%&'*+.^_`|~9")).toBe("X!#$%&'*+.^_`|~9");
    expect(canonicalHeaderName('x(y')).toBe('x(y');
    expect(canonicalHeaderName('')).toBe('');
  });

  it('drops each handshake-owned header, and only those', () => {
    const r = parseUserHeaders([
      'upgrade: a',
      'connection: b',
      'sec-websocket-key: c',
      'sec-websocket-version: d',
      'sec-websocket-extensions: e',
      'sec-websocket-protocol: f',
      'sec-websocket-accept: g',
    ]);
    expect(r.headers.ignored).toEqual([
      'Upgrade',
      'Connection',
      'Sec-Websocket-Key',
      'Sec-Websocket-Version',
      'Sec-Websocket-Extensions',
      'Sec-Websocket-Protocol',
    ]);
    expect(r.headers.http).toEqual({ 'Sec-Websocket-Accept': ['g'] });
  });

  it('splits at the first colon and trims name and value', () => {
    expect(parse([' x-url :  http://h:1/p  ']).http).toEqual({ 'X-Url': ['http://h:1/p'] });
    expect(parse(['x-empty:']).http).toEqual({ 'X-Empty': [''] });
  });
});
