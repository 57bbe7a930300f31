// The one list of a config's secret fields: which values are secret, how each is masked, and the literal
// secrets handed to the scrubbers.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../../main/config/defaults';
import {
  SECRET_MASK,
  authSecret,
  configSecrets,
  holdsMask,
  isSecretField,
  maskAuth,
  maskConfig,
  maskField,
  maskHeader,
  secretFieldsIn,
  splitAuth,
} from '../../../../main/shared/secrets';

const M = SECRET_MASK;

describe('client.auth', () => {
  it('with its id: the part after the first colon is the secret', () => {
    expect(authSecret('client1:pa:ss')).toBe('pa:ss');
    expect(maskAuth('client1:pa:ss')).toBe(`client1:${M}`);
    expect(maskField('client.auth', 'client1:pa:ss').secrets).toEqual(['pa:ss']);
  });

  it('without its id (no colon): all of it is the secret', () => {
    expect(authSecret('hunter2secret')).toBe('hunter2secret');
    expect(maskAuth('hunter2secret')).toBe(M);
    expect(maskField('client.auth', 'hunter2secret')).toEqual({ masked: M, secrets: ['hunter2secret'] });
  });

  it('`id:` with an empty password (kept in the keychain) and an empty auth hold no secret', () => {
    expect(maskField('client.auth', 'client1:')).toEqual({ masked: 'client1:', secrets: [] });
    expect(maskField('client.auth', '')).toEqual({ masked: '', secrets: [] });
  });

  it('the login still splits as the Go client does: no colon, no id and no password', () => {
    expect(splitAuth('client1:pa:ss')).toEqual({ user: 'client1', password: 'pa:ss' });
    expect(splitAuth('hunter2secret')).toEqual({ user: '', password: '' });
  });
});

describe('URLs (server, fallback servers, proxy)', () => {
  it.each(['client.server', 'client.fallback_servers', 'client.proxy'] as const)(
    '%s: the password of the user info, as written, decoded and with its user (Basic auth)',
    (field) => {
      expect(maskField(field, 'http://bob:pr%40xy@proxy:3128/p')).toEqual({
        masked: `http://bob:${M}@proxy:3128/p`,
        secrets: ['pr%40xy', 'pr@xy', 'bob:pr@xy'],
      });
    },
  );

  it('a user info without a colon is wholly a secret (a token as the user name)', () => {
    expect(maskField('client.server', 'wss://t0ken-abc@rport.example.com')).toEqual({
      masked: `wss://${M}@rport.example.com`,
      secrets: ['t0ken-abc'],
    });
  });

  it('the user info ends at the last @ of the authority, as Go parses it', () => {
    expect(maskField('client.proxy', 'http://u:p@ss@proxy:3128/x@y').masked).toBe(`http://u:${M}@proxy:3128/x@y`);
  });

  it('a URL without user info, or with an empty password, holds no secret', () => {
    expect(maskField('client.server', 'ws://127.0.0.1:8080')).toEqual({ masked: 'ws://127.0.0.1:8080', secrets: [] });
    expect(maskField('client.proxy', 'http://bob:@proxy')).toEqual({ masked: 'http://bob:@proxy', secrets: [] });
  });
});

describe('connection.headers', () => {
  it('the value of a credential header, and the token after its scheme', () => {
    expect(maskField('connection.headers', 'Authorization: Bearer tok-123456')).toEqual({
      masked: `Authorization: ${M}`,
      secrets: ['Bearer tok-123456', 'tok-123456'],
    });
    expect(maskField('connection.headers', 'X-Site: Berlin')).toEqual({ masked: 'X-Site: Berlin', secrets: [] });
  });

  it('also with the colon forgotten (`Authorization Bearer …` is still a credential)', () => {
    expect(maskHeader('Authorization Bearer tok-123456')).toBe(`Authorization ${M}`);
    expect(maskHeader('User-Agent rport')).toBe('User-Agent rport');
  });
});

describe('a whole config', () => {
  const config = () => {
    const c = defaultConfig('/d');
    c.client.auth = 'hunter2secret';
    c.client.server = 'ws://u:srv-pw@rport:8080';
    c.client.fallback_servers = ['ws://fallback:8080', 'ws://u:fb-pw@fallback2:8080'];
    c.client.proxy = 'http://bob:pr%40xy@proxy:3128';
    c.connection.headers = ['Authorization: Bearer tok123', 'X-Custom: visible'];
    return c;
  };

  it('configSecrets lists every literal secret, and a password kept outside the file', () => {
    expect(configSecrets(config(), 'keychain-pw')).toEqual([
      'hunter2secret',
      'srv-pw',
      'u:srv-pw',
      'fb-pw',
      'u:fb-pw',
      'pr%40xy',
      'pr@xy',
      'bob:pr@xy',
      'Bearer tok123',
      'tok123',
      'keychain-pw',
    ]);
  });

  it('maskConfig masks every secret field of a copy', () => {
    const original = config();
    const masked = maskConfig(original);
    expect(masked.client).toMatchObject({
      auth: M,
      server: `ws://u:${M}@rport:8080`,
      fallback_servers: ['ws://fallback:8080', `ws://u:${M}@fallback2:8080`],
      proxy: `http://bob:${M}@proxy:3128`,
    });
    expect(masked.connection.headers).toEqual([`Authorization: ${M}`, 'X-Custom: visible']);
    expect(original.client.auth).toBe('hunter2secret');
    const text = JSON.stringify(masked);
    for (const secret of configSecrets(original)) expect(text).not.toContain(secret);
  });

  it('secretFieldsIn names the fields that hold one', () => {
    expect(secretFieldsIn(config())).toEqual([
      'client.auth',
      'client.server',
      'client.fallback_servers',
      'client.proxy',
      'connection.headers',
    ]);
    expect(secretFieldsIn(defaultConfig('/d'))).toEqual([]);
  });

  it('isSecretField and holdsMask: what the editor refuses to write', () => {
    expect(isSecretField('client.auth')).toBe(true);
    expect(isSecretField('Connection.Headers')).toBe(true);
    expect(isSecretField('client.name')).toBe(false);
    expect(holdsMask(['a', { b: `x${M}` }])).toBe(true);
    expect(holdsMask(['a', { b: 'x***' }])).toBe(false);
  });
});
