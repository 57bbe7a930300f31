import { describe, expect, it } from 'vitest';
import { REDACTED, redactUrl, redactorFor, splitAuth } from '../../../../main/shared/secrets/secret-redactor';

describe('secret redaction', () => {
  it('splits auth at the first colon', () => {
    expect(splitAuth('client1:pa:ss')).toEqual({ user: 'client1', password: 'pa:ss' });
    expect(splitAuth('nocolon')).toEqual({ user: '', password: '' });
  });

  it('scrubs the password, proxy credentials and credential headers in every form', () => {
    const r = redactorFor({
      auth: 'client1:S3cret-Pass!',
      passwordOverride: 'Keychain-Pw',
      proxy: 'http://proxyuser:Pr%40xyPw@proxy:3128',
      headers: ['Authorization: Bearer tok-123456', 'X-Plain: visible'],
    });
    const text =
      'a S3cret-Pass! b S3cret-Pass%21 c Keychain-Pw d Pr@xyPw e Pr%40xyPw f ' +
      `${Buffer.from('proxyuser:Pr@xyPw').toString('base64')} g Bearer tok-123456 visible`;
    const out = r.redact(text);
    for (const secret of [
      'S3cret',
      'Keychain-Pw',
      'Pr@xyPw',
      'Pr%40xyPw',
      'tok-123456',
      Buffer.from('proxyuser:Pr@xyPw').toString('base64'),
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('visible');
    expect(out).toContain(REDACTED);
  });

  it('treats an auth without a colon as a password', () => {
    const r = redactorFor({ auth: 'Only-The-Password', proxy: '', headers: [] });
    expect(r.redact('logged in as Only-The-Password')).toBe(`logged in as ${REDACTED}`);
  });

  it('redacts user info in URLs', () => {
    expect(redactUrl('http://u:p@proxy:3128/x')).toBe('http://***@proxy:3128/x');
    expect(redactUrl('socks5h://proxy:1080')).toBe('socks5h://proxy:1080');
  });
});
