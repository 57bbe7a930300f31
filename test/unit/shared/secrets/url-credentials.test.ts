// URL user info in free text (log lines, error messages, TOML lines) and in one URL value.
import { describe, expect, it } from 'vitest';
import { SECRET_MASK, redactUrl, redactUrlCredentials } from '../../../../main/shared/secrets';

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
});
