// URL user info at its edges (issue 20): which part of an authority is the user info, and every form its
// password is listed in; nothing outside the user info is masked.
import { describe, expect, it } from 'vitest';
import { SECRET_MASK, maskUserInfo, redactUrl, redactUrlCredentials } from '../../../../main/shared/secrets';
import { urlCredentialSecretsIn, urlSecrets, userInfoSecrets } from '../../../../main/shared/secrets/url-credentials';

const M = SECRET_MASK;

describe('user info', () => {
  it('a lone colon and a colon at the end keep everything; one character after the colon is masked', () => {
    expect(maskUserInfo(':')).toBe(':');
    expect(maskUserInfo('user:')).toBe('user:');
    expect(maskUserInfo('user:x')).toBe(`user:${M}`);
    expect(maskUserInfo('x')).toBe(M);
    expect(userInfoSecrets(':')).toEqual([]);
    expect(userInfoSecrets(':x%41')).toEqual(['x%41', 'xA', ':xA']);
  });

  it('a colon-less user info is listed as written and decoded, a malformed one once', () => {
    expect(userInfoSecrets('t%20k')).toEqual(['t%20k', 't k']);
    expect(userInfoSecrets('t%zz')).toEqual(['t%zz']);
    expect(userInfoSecrets('%41:%42')).toEqual(['%42', 'B', 'A:B']);
  });
});

describe('one URL value', () => {
  it('the user info is between `://` and the last @ of the authority', () => {
    expect(urlSecrets('ws://@h')).toEqual([]);
    expect(redactUrl('ws://@h')).toBe('ws://@h');
    expect(redactUrl('ws://a@b@h:1')).toBe(`ws://${M}@h:1`);
    expect(urlSecrets('ws://a@b@h:1')).toEqual(['a@b']);
    expect(redactUrl('x://u:p@h?q=@z#f@g')).toBe(`x://u:${M}@h?q=@z#f@g`);
    expect(redactUrl('ws://h?u:p@q')).toBe('ws://h?u:p@q');
    expect(redactUrl('ws://h#u:p@q')).toBe('ws://h#u:p@q');
    expect(redactUrl('ws://h/u:p@q')).toBe('ws://h/u:p@q');
    expect(redactUrl('u:p@h')).toBe('u:p@h');
    expect(redactUrl('pre ws://u:p@h')).toBe(`pre ws://u:${M}@h`);
    // `://` at the very start, and an authority that ends right after its @, still have user info.
    expect(redactUrl('://u:p@h')).toBe(`://u:${M}@h`);
    expect(redactUrl('ws://u:p@')).toBe(`ws://u:${M}@`);
    expect(urlSecrets('ws://u:p@')).toEqual(['p', 'u:p']);
    // An empty authority (the path starts at once) has none.
    expect(redactUrl('ws:///x:p@h')).toBe('ws:///x:p@h');
  });
});

describe('URLs in text', () => {
  it('any scheme of letters, digits, +, . and -, starting with a letter', () => {
    expect(redactUrlCredentials('svn+ssh://u:p1@h x-y.z://v:p2@h')).toBe(`svn+ssh://u:${M}@h x-y.z://v:${M}@h`);
    expect(urlCredentialSecretsIn('svn+ssh://u:p1@h')).toEqual(['p1', 'u:p1']);
    // The scheme starts at its first letter: a digit before it is not part of it, the URL is still found.
    expect(redactUrlCredentials('1ws://u:p3@h')).toBe(`1ws://u:${M}@h`);
  });

  it('the user info stops at white space, quotes, backticks, angle brackets, /, ? and #', () => {
    for (const stop of [' ', '\t', '"', "'", '`', '<', '>', '/', '?', '#']) {
      const text = `ws://a${stop}b:pw@h`;
      expect(redactUrlCredentials(text)).toBe(text);
      expect(urlCredentialSecretsIn(text)).toEqual([]);
    }
  });

  it('every URL of a line, each masked on its own', () => {
    const text = 'ws://a:p1@h ws://b@h ws://c:@h';
    expect(redactUrlCredentials(text)).toBe(`ws://a:${M}@h ws://${M}@h ws://c:@h`);
    expect(urlCredentialSecretsIn(text)).toEqual(['p1', 'a:p1', 'b']);
  });
});
