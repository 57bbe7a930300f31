// The window's side of the secrets: the masked text it gets back is restored from the file on disk, a
// typed password replaces the masked one, and a mask with no secret behind it is reported.
import { describe, expect, it } from 'vitest';
import { SECRET_MASK, configTextSecrets, maskConfigText } from '../../../../main/shared/secrets';
import { restoreSecrets, unresolvedMasks } from '../../../../main/app/config-editing/config-text-masking';
import { applyFormChanges, extractForm, hasPassword } from '../../../../main/app/config-editing/config-form';
import { tryParseToml } from '../../../../main/app/config-editing/toml-keys';
import { defaultConfig } from '../../../../main/config/defaults';

const M = SECRET_MASK;

const text = [
  '# client config',
  '[client]',
  '  server = "ws://127.0.0.1:9999"  # main',
  '  auth = "client1:pa55:word"      # id:password',
  '  proxy = "http://bob:pr0xy-pass@127.0.0.1:3128"',
  '  # auth = "client1:old-pa55word"  (before the move)',
  '',
  '[connection]',
  '  headers = ["User-Agent: rport", "Authorization: Bearer tok-123456"]',
  '',
].join('\n');

describe('config text masking in the window', () => {
  it('the window text holds none of the secrets', () => {
    const masked = maskConfigText(text);
    expect(masked).toContain(`proxy = "http://bob:${M}@127.0.0.1:3128"`);
    for (const secret of configTextSecrets(text)) expect(masked).not.toContain(secret);
  });

  it('restores the secrets from the file on disk, comments included, so an unchanged text saves as it was', () => {
    expect(restoreSecrets(maskConfigText(text), text, null)).toBe(text);
  });

  it('keeps the password when the ID is changed, and takes a typed password instead when there is one', () => {
    const masked = maskConfigText(text).replace('client1:', 'client2:');
    expect(restoreSecrets(masked, text, null)).toContain('auth = "client2:pa55:word"');
    expect(restoreSecrets(masked, text, 'typed')).toContain('auth = "client2:typed"');
  });

  it('takes a secret retyped in the raw text as is, and reports a mask it cannot resolve', () => {
    const retyped = maskConfigText(text).replace(`bob:${M}@`, 'bob:new@');
    expect(restoreSecrets(retyped, text, null)).toContain('http://bob:new@127.0.0.1:3128');
    const foreign = maskConfigText(text).replace(`bob:${M}@127.0.0.1`, `eve:${M}@10.0.0.1`);
    const restored = restoreSecrets(foreign, text, null);
    expect(unresolvedMasks(restored)).toEqual(['client.proxy']);
  });

  it('reports a mask the user edited outside the secret fields, where only a line could restore it', () => {
    const disk = '[client]\nip_api_url = "https://u:ip-pw@ip.example"\n';
    const masked = maskConfigText(disk);
    expect(restoreSecrets(masked, disk, null)).toBe(disk);
    const edited = masked.replace('ip.example', 'ip2.example');
    expect(unresolvedMasks(restoreSecrets(edited, disk, null))).toEqual(['client.ip_api_url']);
  });

  it('restores the masked lines of a file that is not valid TOML once it is fixed', () => {
    const broken = `${text}[client\n`;
    const fixed = maskConfigText(broken).replace('[client\n', '');
    expect(fixed).toContain(`auth = "client1:${M}"`);
    expect(restoreSecrets(fixed, broken, null)).toBe(text);
  });
});

describe('a password written without its id', () => {
  const disk = '[client]\n  auth = "hunter2secret"  # no id yet\n';
  const masked = maskConfigText(disk);

  it('is masked whole, and the form shows no id and a password', () => {
    expect(masked).toBe(`[client]\n  auth = "${M}"  # no id yet\n`);
    const table = tryParseToml(masked) ?? {};
    expect(extractForm(table, defaultConfig('/d'))['auth.id']).toBe('');
    expect(hasPassword(table)).toBe(true);
  });

  it('is restored on save, also when the form gives it an id, or replaced by a typed password', () => {
    expect(restoreSecrets(masked, disk, null)).toBe(disk);
    const table = tryParseToml(masked) ?? {};
    const withId = applyFormChanges(masked, table, { 'auth.id': 'client1' }, hasPassword(table));
    expect(withId).toContain(`auth = "client1:${M}"`);
    expect(restoreSecrets(withId, disk, null)).toContain('auth = "client1:hunter2secret"');
    expect(restoreSecrets(masked, disk, 'typed-pw')).toContain('auth = "typed-pw"');
  });

  it('a mask without a password on disk is unresolved', () => {
    expect(unresolvedMasks(restoreSecrets(masked, '[client]\n  auth = ""\n', null))).toEqual(['client.auth']);
  });
});
