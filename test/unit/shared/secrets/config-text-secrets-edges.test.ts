// Raw config text at its edges (issue 20): comments after quoted `#`, escapes, line endings, literal and
// multi-line strings, keys that only look like `auth`; every secret masked and listed, nothing else changed.
import { describe, expect, it } from 'vitest';
import { SECRET_MASK, configTextSecrets, maskConfigText } from '../../../../main/shared/secrets';

const M = SECRET_MASK;

describe('config text: comments', () => {
  it('a # inside a string does not start a comment; one after it does', () => {
    const file = '[client]\nname = "a#b http://u:in-str@h"  # old http://v:in-comment@h\n';
    expect(maskConfigText(file)).toBe(`[client]\nname = "a#b http://u:${M}@h"  # old http://v:${M}@h\n`);
    expect(configTextSecrets(file)).toEqual(['in-str', 'u:in-str', 'in-comment', 'v:in-comment']);
  });

  it('an escaped quote does not end a basic string, a backslash in a literal string escapes nothing', () => {
    const file = [
      '[client]',
      'name = "x\\"#y"  # auth = "id:c1-pw"',
      "tags = ['x\\', '#not-a-comment']  # auth = id:c2-pw",
      '',
    ].join('\n');
    expect(maskConfigText(file)).toBe(
      ['[client]', `name = "x\\"#y"  # auth = "id:${M}"`, `tags = ['x\\', '#not-a-comment']  # auth = ${M}`, ''].join(
        '\n',
      ),
    );
    expect(configTextSecrets(file)).toEqual(['c1-pw', 'c2-pw']);
  });

  it('a commented-out auth that is not a string is hidden whole; an empty one is kept', () => {
    const file = '[client]\n# auth = id:raw pw # note\n#auth =\n#   auth =   \n';
    expect(maskConfigText(file)).toBe(`[client]\n# auth = ${M}\n#auth =\n#   auth =   \n`);
    expect(configTextSecrets(file)).toEqual(['raw pw # note']);
  });

  it('a # inside a string value starts no comment: the text after it is part of the value', () => {
    const file = '[client]\nname = "a # auth = not-a-comment"\n';
    expect(maskConfigText(file)).toBe(file);
    expect(configTextSecrets(file)).toEqual([]);
  });

  it('before a comment a valid value is never hidden whole (the file must stay valid)', () => {
    const file = '[client]\nauth = 12345  # note\n';
    expect(maskConfigText(file)).toBe(file);
    expect(configTextSecrets(file)).toEqual([]);
  });

  it('a value outside a comment is masked only as a value, never replaced whole', () => {
    // `auth` holding a number is valid TOML but no string: left for the validator to report.
    expect(maskConfigText('[client]\nauth = 12345\n')).toBe('[client]\nauth = 12345\n');
    expect(configTextSecrets('[client]\nauth = 12345\n')).toEqual([]);
  });
});

describe('config text: lines', () => {
  it('keeps CRLF and a missing last newline', () => {
    const file = '[client]\r\nauth = "id:crlf-pw"\r\n# auth = "id:old-pw"';
    expect(maskConfigText(file)).toBe(`[client]\r\nauth = "id:${M}"\r\n# auth = "id:${M}"`);
    expect(configTextSecrets(file)).toEqual(['crlf-pw', 'old-pw']);
  });

  it('masks URLs in the tail after a quoted auth, and a commented-out auth in any case and spacing', () => {
    const broken = '[client\nAUTH="id:p1"   # see http://u:p2@h\n  ##  Client . Auth  =  \'p3\'\n';
    expect(maskConfigText(broken)).toBe(
      `[client\nAUTH="id:${M}"   # see http://u:${M}@h\n  ##  Client . Auth  =  '${M}'\n`,
    );
    expect(configTextSecrets(broken)).toEqual(['p1', 'p2', 'u:p2', 'p3']);
  });

  it('keys that only end in "auth", or hold it elsewhere, are no auth', () => {
    const file = '[client]\nnoauth = "keep-1"\nauth_user = "keep-2"\n# my auth = keep-3\n';
    expect(maskConfigText(file)).toBe(file);
    expect(configTextSecrets(file)).toEqual([]);
  });

  it('a broken file: an auth without quotes, with stray quotes, or with a triple-quoted value', () => {
    const broken = [
      'auth = id:bare-pw',
      `auth = "'quoted-pw'`,
      'auth = """id:tq-pw"""  # c',
      "auth = '''lit-pw'''",
      'auth = ',
      '[x',
    ].join('\n');
    expect(maskConfigText(broken).split('\n')).toEqual([
      `auth = ${M}`,
      `auth = ${M}`,
      `auth = """id:${M}"""  # c`,
      `auth = '''${M}'''`,
      'auth = ',
      '[x',
    ]);
    expect(configTextSecrets(broken)).toEqual(['bare-pw', 'quoted-pw', 'tq-pw', 'lit-pw']);
  });

  it('a broken file: a commented-out dotted auth without spaces, a triple-quoted one followed by junk', () => {
    const broken = '[x\n#client.auth = "id:dot-pw"\nauth = """id:tq2-pw""" junk\n';
    expect(maskConfigText(broken)).toBe(`[x\n#client.auth = "id:${M}"\nauth = ${M}\n`);
    expect(configTextSecrets(broken)).toEqual(['dot-pw', 'tq2-pw""" junk']);
  });

  it('a broken auth: trailing spaces and any number of stray quotes are not part of the password', () => {
    const broken = `[x\nauth = id:sp-pw   \nauth = ''qq-pw""\nauth = "id:ok-pw"  # """\n`;
    expect(maskConfigText(broken)).toBe(`[x\nauth = ${M}\nauth = ${M}\nauth = "id:${M}"  # """\n`);
    expect(configTextSecrets(broken)).toEqual(['sp-pw', 'qq-pw', 'ok-pw']);
  });

  it('a broken basic string with an escaped quote: the password as written and unescaped', () => {
    expect(configTextSecrets('[x\nauth = "id:pa\\"ss"\n')).toEqual(['pa\\"ss', 'pa"ss']);
  });

  it('a basic string lists the password as written and unescaped; a literal string only as written', () => {
    expect(configTextSecrets('[x\nauth = "id:a\\\\b"\n')).toEqual(['a\\\\b', 'a\\b']);
    expect(configTextSecrets("[x\nauth = 'id:a\\\\b'\n")).toEqual(['a\\\\b']);
  });
});

describe('config text: headers', () => {
  it('masks a quoted credential header anywhere, keeps other quoted `name: value` items', () => {
    const broken = [
      `h = ['Cookie: sid=abc', "X-Trace: t1", "Bad Name: x", 'X-Auth:']`,
      '# "Proxy-Authorization: Basic dXM6cHc="',
      '[x',
    ].join('\n');
    expect(maskConfigText(broken).split('\n')).toEqual([
      `h = ['Cookie: ${M}', "X-Trace: t1", "Bad Name: x", 'X-Auth:']`,
      `# "Proxy-Authorization: ${M}"`,
      '[x',
    ]);
    expect(configTextSecrets(broken)).toEqual(['sid=abc', 'Basic dXM6cHc=', 'dXM6cHc=']);
  });

  it('a broken file: header names with any token character are masked; prose with a space is no name', () => {
    const broken = '[x\nheaders = ["X_Auth_Token: s3cret-abc", "X.Session.Token: k3y-abc", "my auth: a note"]\n';
    expect(maskConfigText(broken)).toBe(
      `[x\nheaders = ["X_Auth_Token: ${M}", "X.Session.Token: ${M}", "my auth: a note"]\n`,
    );
    expect(configTextSecrets(broken)).toEqual(['s3cret-abc', 'k3y-abc']);
  });

  it('a broken file: a header name with spaces around it is still a name', () => {
    const broken = '[x\nheaders = [" X-Auth-Token: s3cret-one", "X-Auth-Token : s3cret-two"]\n';
    expect(maskConfigText(broken)).toBe(`[x\nheaders = [" X-Auth-Token: ${M}", "X-Auth-Token : ${M}"]\n`);
    expect(configTextSecrets(broken)).toEqual(['s3cret-one', 's3cret-two']);
  });

  it('in a valid file the parsed pass masks, and its masks are not listed as secrets', () => {
    const file = '[connection]\nheaders = ["Authorization: Bearer t0k"]\n[client]\nserver = "ws://u:pw1@h"\n';
    expect(maskConfigText(file)).toBe(
      `[connection]\nheaders = ["Authorization: ${M}"]\n[client]\nserver = "ws://u:${M}@h"\n`,
    );
    expect(configTextSecrets(file)).toEqual(['pw1', 'u:pw1', 'Bearer t0k', 't0k']);
  });
});
