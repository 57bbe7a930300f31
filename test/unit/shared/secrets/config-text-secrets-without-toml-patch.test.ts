// The scrubber's list of a config's secrets comes without toml-patch (main/shared/toml-patch.ts): the
// supervisor needs it from its first log line on, and only a window or an export needs the masked text.
import { describe, expect, it } from 'vitest';
import { configTextSecrets, maskConfigText } from '../../../../main/shared/secrets';
import { tomlPatchLoaded } from '../../../../main/shared/toml-patch';

const TEXT = [
  '[client]',
  'server = "rport.example.com:8080"',
  'auth = "client1:pa\\"ss"',
  'proxy = "http://proxyuser:proxypass@proxy.example.com:3128"',
  '# auth = "client1:old-password"',
  '[connection]',
  'headers = ["Authorization: Bearer tok123"]',
  '',
].join('\n');

describe('config text secrets without toml-patch', () => {
  it('lists every secret, in fields, in comments, unescaped, without loading it; the masked text loads it', () => {
    const secrets = configTextSecrets(TEXT);
    expect(tomlPatchLoaded()).toBe(false);
    for (const secret of ['pa"ss', 'proxypass', 'old-password', 'tok123'])
      expect(
        secrets.some((s) => s.includes(secret)),
        secret,
      ).toBe(true);
    expect(secrets).not.toContain('pa\\"ss');
    const masked = maskConfigText(TEXT);
    expect(tomlPatchLoaded()).toBe(true);
    for (const secret of secrets) expect(masked).not.toContain(secret);
  });
});
