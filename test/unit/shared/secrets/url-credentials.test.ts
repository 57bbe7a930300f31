// URL user info in free text (log lines, error messages, TOML lines) and in one URL value.
import { describe, expect, it } from 'vitest';
import { SECRET_MASK, maskUserInfo, redactUrl, redactUrlCredentials } from '../../../../main/shared/secrets';
import { urlCredentialSecretsIn, urlSecrets, userInfoSecrets } from '../../../../main/shared/secrets/url-credentials';

const M = SECRET_MASK;

describe('URL credentials', () => {
  it('masks the user info of every URL in a text', () => {
    expect(redactUrlCredentials('a socks5://u:p@h:1 and https://x@y/z, ws://plain:80/ mail@example.com')).toBe(
      `a socks5://u:${M}@h:1 and https://${M}@y/z, ws://plain:80/ mail@example.com`,
    );
  });

  it('does not run from one quoted URL into the next', () => {
    expect(redactUrlCredentials(`["ws://a:pw1@h1", "ws://h2/x@y"]`)).toBe(`["ws://a:${M}@h1", "ws://h2/x@y"]`);
  });

  it('masks one URL value', () => {
    expect(redactUrl('http://u:p@proxy:3128/x')).toBe(`http://u:${M}@proxy:3128/x`);
    expect(redactUrl('socks5h://proxy:1080')).toBe('socks5h://proxy:1080');
  });

  it('masks the password after the first colon; a colon-less user info whole; keeps "user:" and ""', () => {
    expect(maskUserInfo('u:p')).toBe(`u:${M}`);
    expect(maskUserInfo('u:p:q')).toBe(`u:${M}`);
    expect(maskUserInfo(':p')).toBe(`:${M}`);
    expect(maskUserInfo('token')).toBe(M);
    expect(maskUserInfo('u:')).toBe('u:');
    expect(maskUserInfo('')).toBe('');
  });

  it('lists a password as written, percent-decoded, and user:password decoded (Basic auth)', () => {
    expect(userInfoSecrets('us%40r:p%40ss')).toEqual(['p%40ss', 'p@ss', 'us@r:p@ss']);
    expect(userInfoSecrets('u:plain')).toEqual(['plain', 'u:plain']);
    expect(userInfoSecrets('u:')).toEqual([]);
    expect(userInfoSecrets('tok%41')).toEqual(['tok%41', 'tokA']);
    expect(userInfoSecrets('token')).toEqual(['token']);
    expect(userInfoSecrets('')).toEqual([]);
    // A malformed escape is kept as written.
    expect(userInfoSecrets('u:bad%zz')).toEqual(['bad%zz', 'u:bad%zz']);
  });

  it('finds the user info of a URL value up to its last @ before the path, query or fragment', () => {
    expect(urlSecrets('http://u:p@w@proxy:1/x@y')).toEqual(['p@w', 'u:p@w']);
    expect(urlSecrets('http://proxy:1/a@b')).toEqual([]);
    expect(urlSecrets('http://proxy:1?q=a@b')).toEqual([]);
    expect(urlSecrets('http://proxy:1#a@b')).toEqual([]);
    expect(urlSecrets('u:p@proxy:1')).toEqual([]);
    expect(redactUrl('http://u:p@w@proxy:1/x@y')).toBe(`http://u:${M}@proxy:1/x@y`);
    expect(redactUrl('proxy:1')).toBe('proxy:1');
  });

  it('finds every URL secret in a text, stopping at white space and quotes', () => {
    expect(urlCredentialSecretsIn('a http://u:one@h b "socks://v:two@h" c https://h/x@y')).toEqual([
      'one',
      'u:one',
      'two',
      'v:two',
    ]);
    expect(urlCredentialSecretsIn('nothing here')).toEqual([]);
  });
});
