import { describe, expect, it } from 'vitest';
import {
  maskSecrets,
  restoreSecrets,
  secretValues,
  unresolvedMasks,
} from '../../../../main/app/config-editing/config-text-masking';

const text = [
  '# client config',
  '[client]',
  '  server = "ws://127.0.0.1:9999"  # main',
  '  auth = "client1:pa55:word"      # id:password',
  '  proxy = "http://bob:pr0xy-pass@127.0.0.1:3128"',
  '',
  '[connection]',
  '  headers = ["User-Agent: rport", "Authorization: Bearer tok-123456"]',
  '',
].join('\n');

describe('config secrets', () => {
  it('masks the password, proxy password and auth headers, keeping comments and layout', () => {
    const masked = maskSecrets(text);
    const lines = masked.split('\n');
    expect(lines).toHaveLength(text.split('\n').length);
    expect(lines[0]).toBe('# client config');
    expect(lines[3]).toMatch(/^ {2}auth = "client1:\*{8}" +# id:password$/);
    expect(lines[4]).toBe('  proxy = "http://bob:********@127.0.0.1:3128"');
    expect(lines[7]).toBe('  headers = ["User-Agent: rport", "Authorization: ********"]');
    for (const secret of secretValues(text)) expect(masked).not.toContain(secret);
    expect(secretValues(text).sort()).toEqual(['Bearer tok-123456', 'pa55:word', 'pr0xy-pass']);
  });

  it('restores the secrets from the file on disk, so an unchanged masked text saves the real values', () => {
    expect(restoreSecrets(maskSecrets(text), text, null)).toBe(text);
  });

  it('keeps the password when the ID is changed, and takes a typed password instead when there is one', () => {
    const masked = maskSecrets(text).replace('client1:', 'client2:');
    expect(restoreSecrets(masked, text, null)).toContain('auth = "client2:pa55:word"');
    expect(restoreSecrets(masked, text, 'typed')).toContain('auth = "client2:typed"');
  });

  it('takes a secret retyped in the raw text as is, and reports a mask it cannot resolve', () => {
    const retyped = maskSecrets(text).replace('bob:********@', 'bob:new@');
    expect(restoreSecrets(retyped, text, null)).toContain('http://bob:new@127.0.0.1:3128');
    const foreign = maskSecrets(text).replace('bob:********@127.0.0.1', 'eve:********@10.0.0.1');
    const restored = restoreSecrets(foreign, text, null);
    expect(unresolvedMasks(restored)).toEqual(['client.proxy']);
  });

  it('masks a file that is not valid TOML by line, with the same header names as a parsed one', () => {
    const broken = [
      'auth = "client1:hunter22"',
      'proxy = "socks5://u:p4ss@h:1"',
      'headers = ["User-Agent: rport", "Authorization: Bearer zzz999", "X-Session-Token: t0k3n-abc"]',
      '[client',
      '',
    ].join('\n');
    const masked = maskSecrets(broken);
    for (const secret of ['hunter22', 'p4ss', 'zzz999', 't0k3n-abc']) expect(masked).not.toContain(secret);
    expect(masked).toContain('"User-Agent: rport"');
    expect(masked).toContain('"X-Session-Token: ********"');
    // The scrubber learns them too, so a log line quoting one is cleaned.
    expect(secretValues(broken).sort()).toEqual(['Bearer zzz999', 'hunter22', 'p4ss', 't0k3n-abc']);
  });
});
