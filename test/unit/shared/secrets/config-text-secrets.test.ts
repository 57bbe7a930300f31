// The secret fields in raw rport.conf text: masked with comments and layout kept, and listed for the
// scrubbers, for valid TOML, commented-out lines and files that are not valid TOML.
import { describe, expect, it } from 'vitest';
import { SECRET_MASK, configTextSecrets, maskConfigText } from '../../../../main/shared/secrets';

const M = SECRET_MASK;

const text = [
  '# client config',
  '[client]',
  '  server = "ws://127.0.0.1:9999"  # main',
  '  auth = "client1:pa55:word"      # id:password',
  '  proxy = "http://bob:pr0xy-pass@127.0.0.1:3128"',
  '  # auth = "client1:old-pa55word"',
  '',
  '[connection]',
  '  headers = [',
  '    "User-Agent: rport",',
  '    "Authorization: Bearer tok-123456",  # was Bearer tok-old: see http://u:c0mment-pw@h',
  '  ]',
  '',
].join('\n');

describe('config text secrets', () => {
  it('masks every secret field of a valid file, and its comments, keeping the layout', () => {
    const masked = maskConfigText(text).split('\n');
    // toml-patch keeps the comment after the value, its column may move.
    expect(masked[3]).toMatch(/^ {2}auth = "client1:\*{8}" +# id:password$/);
    expect(masked.filter((_, i) => i !== 3)).toEqual([
      '# client config',
      '[client]',
      '  server = "ws://127.0.0.1:9999"  # main',
      `  proxy = "http://bob:${M}@127.0.0.1:3128"`,
      `  # auth = "client1:${M}"`,
      '',
      '[connection]',
      '  headers = [',
      '    "User-Agent: rport",',
      `    "Authorization: ${M}",  # was Bearer tok-old: see http://u:${M}@h`,
      '  ]',
      '',
    ]);
    expect(configTextSecrets(text).sort()).toEqual(
      [
        'pa55:word',
        'pr0xy-pass',
        'bob:pr0xy-pass',
        'Bearer tok-123456',
        'tok-123456',
        'old-pa55word',
        'c0mment-pw',
        'u:c0mment-pw',
      ].sort(),
    );
  });

  it('a password without its id is masked whole and listed, in a valid file and in a comment', () => {
    const file = '[client]\nauth = "hunter2secret"\n#auth = \'older-secret\'\n';
    expect(maskConfigText(file)).toBe(`[client]\nauth = "${M}"\n#auth = '${M}'\n`);
    expect(configTextSecrets(file)).toEqual(['hunter2secret', 'older-secret']);
  });

  it('`id:` (the password in the keychain) holds no secret', () => {
    const file = '[client]\nauth = "client1:"\n';
    expect(maskConfigText(file)).toBe(file);
    expect(configTextSecrets(file)).toEqual([]);
  });

  it('matches keys in any case, dotted keys and inline tables, as the Go client reads them', () => {
    const file = 'Client.Auth = "pw-one"\n[connection]\nHeaders = ["X-Api-Key: k3y-abc"]\n';
    expect(maskConfigText(file)).toBe(`Client.Auth = "${M}"\n[connection]\nHeaders = ["X-Api-Key: ${M}"]\n`);
    expect(maskConfigText('client = { auth = "id:pw-two" }\n')).toBe(`client = { auth = "id:${M}" }\n`);
  });

  it('finds the same patterns outside their fields (a misplaced key, another URL), keeping the file valid', () => {
    const file = 'auth = "a:misplaced-pw"\n[client]\nip_api_url = "https://u:ip-pw@ip.example"\n';
    expect(maskConfigText(file)).toBe(`auth = "a:${M}"\n[client]\nip_api_url = "https://u:${M}@ip.example"\n`);
    expect(configTextSecrets(file)).toEqual(['misplaced-pw', 'ip-pw', 'u:ip-pw']);
    const multiLine = '[client]\nauth = """\nid:multi-pw"""\n';
    expect(maskConfigText(multiLine)).toBe(`[client]\nauth = """\nid:${M}"""\n`);
  });

  it('lists the password as the file means it when a basic string escapes it', () => {
    expect(configTextSecrets('[client]\nauth = "id:pa\\"ss"\n')).toEqual(['pa"ss']);
  });

  it('masks a file that is not valid TOML line by line, with the same rules', () => {
    const broken = [
      'auth = "client1:hunter22"',
      'proxy = "socks5://u:p4ss@h:1"',
      'headers = ["User-Agent: rport", "Authorization: Bearer zzz999", "X-Session-Token: t0k3n-abc"]',
      'server = "ws://token-only@h"',
      '[client',
      'auth = "pw-without-id"',
      'auth = "broken:valu"e',
      '',
    ].join('\n');
    expect(maskConfigText(broken).split('\n')).toEqual([
      `auth = "client1:${M}"`,
      `proxy = "socks5://u:${M}@h:1"`,
      `headers = ["User-Agent: rport", "Authorization: ${M}", "X-Session-Token: ${M}"]`,
      `server = "ws://${M}@h"`,
      '[client',
      `auth = "${M}"`,
      `auth = ${M}`,
      '',
    ]);
    expect(configTextSecrets(broken)).toEqual([
      'hunter22',
      'p4ss',
      'u:p4ss',
      'Bearer zzz999',
      'zzz999',
      't0k3n-abc',
      'token-only',
      'pw-without-id',
      'valu"e',
    ]);
  });

  it('no file, no secrets', () => {
    expect(configTextSecrets(null)).toEqual([]);
    expect(maskConfigText('')).toBe('');
  });
});
