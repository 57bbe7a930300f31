// The secret fields at their edges (issue 20): every form of a credential header, auth and URL that holds
// a secret is masked and listed, and nothing else is touched.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../../main/config/defaults';
import {
  SECRET_FIELDS,
  SECRET_MASK,
  configSecrets,
  isCredentialHeader,
  isSecretField,
  mapSecretFields,
  maskAuth,
  maskConfig,
  maskField,
  maskHeader,
  secretFieldsIn,
  splitAuth,
} from '../../../../main/shared/secrets';

const M = SECRET_MASK;

describe('credential header names', () => {
  it.each([
    'authorization',
    'Proxy-Authorization',
    'cookie',
    ' Cookie ',
    'Set-Cookie',
    'x-api-key',
    'Api-Key',
    'X-Token',
    'client-secret',
    'X-Password',
    'x-passwd',
    'MyApiKey',
    'X-Auth',
    'My-Api-Key',
    'X-Cookie-Name',
    'Cookies',
  ])('%s is a credential', (name) => expect(isCredentialHeader(name)).toBe(true));

  it.each(['', 'X-Api', 'Key', 'Content-Type', 'Host', 'X-Pass', 'Tok-En'])('%j is not', (name) =>
    expect(isCredentialHeader(name)).toBe(false),
  );
});

describe('credential header entries', () => {
  it('masks the value after the first colon, with or without a space, and lists it and its token', () => {
    expect(maskField('connection.headers', 'Authorization:Bearer t0k:en')).toEqual({
      masked: `Authorization: ${M}`,
      secrets: ['Bearer t0k:en', 't0k:en'],
    });
    expect(maskField('connection.headers', 'Authorization :  Bearer t0k  ')).toEqual({
      masked: `Authorization : ${M}`,
      secrets: ['Bearer t0k', 't0k'],
    });
  });

  it('a value of one word is listed once; one of three words is listed whole only', () => {
    expect(maskField('connection.headers', 'X-Api-Key: k3y-abc')).toEqual({
      masked: `X-Api-Key: ${M}`,
      secrets: ['k3y-abc'],
    });
    expect(maskField('connection.headers', 'X-Api-Key: one two three')).toEqual({
      masked: `X-Api-Key: ${M}`,
      secrets: ['one two three'],
    });
  });

  it('an empty value holds no secret and is kept as written', () => {
    for (const header of ['Authorization:', 'Authorization:   ', 'Authorization']) {
      expect(maskField('connection.headers', header)).toEqual({ masked: header, secrets: [] });
    }
  });

  it('with the colon forgotten: the name keeps its leading space, the value is everything after it', () => {
    expect(maskField('connection.headers', '  Authorization   Bearer t0k  ')).toEqual({
      masked: `  Authorization ${M}`,
      secrets: ['Bearer t0k', 't0k'],
    });
    expect(maskField('connection.headers', 'Cookie sid=abc')).toEqual({ masked: `Cookie ${M}`, secrets: ['sid=abc'] });
    expect(maskField('connection.headers', 'User-Agent rport x')).toEqual({
      masked: 'User-Agent rport x',
      secrets: [],
    });
    expect(maskHeader('   ')).toBe('   ');
  });

  it('a value over a line break (a TOML escape) is masked whole, also with the colon forgotten', () => {
    expect(maskField('connection.headers', 'Authorization Bearer t0k\nmore')).toEqual({
      masked: `Authorization ${M}`,
      secrets: ['Bearer t0k\nmore'],
    });
    expect(maskField('connection.headers', 'Authorization: Bearer t0k\nmore')).toEqual({
      masked: `Authorization: ${M}`,
      secrets: ['Bearer t0k\nmore'],
    });
  });

  it('the token after the scheme is listed also after more than one space', () => {
    expect(maskField('connection.headers', 'Authorization: Bearer \t t0k')).toEqual({
      masked: `Authorization: ${M}`,
      secrets: ['Bearer \t t0k', 't0k'],
    });
  });

  it('an entry with an empty name (a colon first) is no credential header', () => {
    expect(maskField('connection.headers', ':Authorization Bearer t0k')).toEqual({
      masked: ':Authorization Bearer t0k',
      secrets: [],
    });
  });

  it('a header that is not a credential is kept whole, with or without its colon', () => {
    expect(maskField('connection.headers', 'X-Note: token inside the value')).toEqual({
      masked: 'X-Note: token inside the value',
      secrets: [],
    });
  });
});

describe('auth', () => {
  it('`:password` (empty id) hides the password; a lone colon holds nothing', () => {
    expect(maskField('client.auth', ':pw-only')).toEqual({ masked: `:${M}`, secrets: ['pw-only'] });
    expect(maskField('client.auth', ':')).toEqual({ masked: ':', secrets: [] });
    expect(maskAuth('id:a:b')).toBe(`id:${M}`);
    expect(splitAuth(':pw-only')).toEqual({ user: '', password: 'pw-only' });
    expect(splitAuth('id:')).toEqual({ user: 'id', password: '' });
  });
});

describe('secret field names', () => {
  it('are exactly the five keys, in this order, matched in any case and only whole', () => {
    expect([...SECRET_FIELDS]).toEqual([
      'client.auth',
      'client.server',
      'client.fallback_servers',
      'client.proxy',
      'connection.headers',
    ]);
    for (const field of SECRET_FIELDS) expect(isSecretField(field.toUpperCase())).toBe(true);
    for (const other of ['client', 'auth', 'client.auth.x', 'x.client.auth', 'client.auth ', 'connection.header'])
      expect(isSecretField(other)).toBe(false);
  });
});

describe('mapSecretFields', () => {
  const upper = (_field: string, value: string) => value.toUpperCase();

  it('visits every string of every secret field, keys in any case, and says whether anything changed', () => {
    const table: Record<string, unknown> = {
      CLIENT: { Auth: 'id:pw', SERVER: 'ws://h', Fallback_Servers: ['ws://a', 7, 'ws://b'], name: 'keep' },
      Connection: { HEADERS: ['x: y'] },
    };
    const seen: [string, string][] = [];
    expect(
      mapSecretFields(table, (field, value) => {
        seen.push([field, value]);
        return value.toUpperCase();
      }),
    ).toBe(true);
    expect(seen).toEqual([
      ['client.auth', 'id:pw'],
      ['client.server', 'ws://h'],
      ['client.fallback_servers', 'ws://a'],
      ['client.fallback_servers', 'ws://b'],
      ['connection.headers', 'x: y'],
    ]);
    expect(table).toEqual({
      CLIENT: { Auth: 'ID:PW', SERVER: 'WS://H', Fallback_Servers: ['WS://A', 7, 'WS://B'], name: 'keep' },
      Connection: { HEADERS: ['X: Y'] },
    });
  });

  it('returns false when nothing changed, also for a single list item or string left as it was', () => {
    expect(mapSecretFields({ client: { auth: 'ID:PW', fallback_servers: ['WS://A'] } }, upper)).toBe(false);
    expect(mapSecretFields({ client: { fallback_servers: ['WS://A', 'ws://b'] } }, upper)).toBe(true);
    expect(mapSecretFields({ client: { auth: 'ID:PW', server: 'ws://h' } }, upper)).toBe(true);
    expect(mapSecretFields({}, upper)).toBe(false);
  });

  it('skips sections that are no table (a value, a list, a date, null) and values that are no string', () => {
    const fn = (field: string, value: string) => {
      throw new Error(`visited ${field}=${value}`);
    };
    for (const client of ['auth', ['auth'], new Date(0), null, 5]) expect(mapSecretFields({ client }, fn)).toBe(false);
    expect(mapSecretFields({ client: { auth: 5, server: { x: 'ws://u:p@h' }, proxy: null } }, fn)).toBe(false);
  });
});

describe('a whole config', () => {
  it('lists each secret once, and no empty password override', () => {
    const c = defaultConfig('/d');
    c.client.auth = 'id:same-pw';
    c.client.proxy = 'http://id:same-pw@proxy:1';
    expect(configSecrets(c, '')).toEqual(['same-pw', 'id:same-pw']);
    expect(configSecrets(c, 'same-pw')).toEqual(['same-pw', 'id:same-pw']);
    expect(configSecrets(defaultConfig('/d'))).toEqual([]);
  });

  it('names only the fields that hold a secret, and masks only those', () => {
    const c = defaultConfig('/d');
    c.client.server = 'ws://rport:8080';
    c.client.fallback_servers = ['ws://fb:8080'];
    c.client.auth = 'id:';
    c.connection.headers = ['X-Trace: 1', 'Cookie: sid=abc'];
    expect(secretFieldsIn(c)).toEqual(['connection.headers']);
    const masked = maskConfig(c);
    expect(masked).toEqual({ ...c, connection: { ...c.connection, headers: ['X-Trace: 1', `Cookie: ${M}`] } });
    expect(c.connection.headers).toEqual(['X-Trace: 1', 'Cookie: sid=abc']);
  });
});
