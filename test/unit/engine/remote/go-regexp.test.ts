import { describe, expect, it } from 'vitest';
import { goRegexp, GoRegexpError } from '../../../../main/shared/go/regexp';
import { compileCommandPolicy } from '../../../../main/engine/remote/commands/command-policy';
import { defaultConfig } from '../../../../main/config/defaults';

describe('goRegexp (Go RE2 → JS)', () => {
  it('keeps the default allow and deny patterns meaning the same', () => {
    const { allow, deny } = defaultConfig('/tmp/x')['remote-commands'];
    const [usrBin, usrLocal, windows] = allow.map((p) => goRegexp(p));
    expect(usrBin?.test('/usr/bin/id')).toBe(true);
    expect(usrBin?.test('/bin/id')).toBe(false);
    expect(usrLocal?.test('/usr/local/bin/tool -x')).toBe(true);
    expect(windows?.test('C:\\Windows\\System32\\ipconfig.exe')).toBe(true);
    const denied = goRegexp(deny[0] as string);
    for (const bad of ['a|b', 'a<b', 'a>b', 'a;b', 'a,b', 'a\nb', 'a&b']) expect(denied.test(bad)).toBe(true);
    expect(denied.test('/usr/bin/id -u')).toBe(false);
  });

  it('turns leading flags into JS flags', () => {
    expect(goRegexp('(?i)^/USR/bin').test('/usr/BIN/x')).toBe(true);
    expect(goRegexp('(?s)a.b').test('a\nb')).toBe(true);
    expect(goRegexp('a.b').test('a\nb')).toBe(false);
  });

  it('converts named groups, \\A, \\z, \\Q…\\E, POSIX classes and \\x{…}', () => {
    expect(goRegexp('(?P<cmd>\\w+) x').exec('run x')?.groups?.cmd).toBe('run');
    expect(goRegexp('\\Aabc\\z').test('abc')).toBe(true);
    expect(goRegexp('\\Aabc\\z').test('abc\n')).toBe(false);
    expect(goRegexp('^\\Q/usr/bin/a.b\\E$').test('/usr/bin/a.b')).toBe(true);
    expect(goRegexp('^\\Q/usr/bin/a.b\\E$').test('/usr/bin/aXb')).toBe(false);
    expect(goRegexp('^[[:digit:]]+$').test('123')).toBe(true);
    expect(goRegexp('^[[:alpha:][:digit:]_]+$').test('ab_1')).toBe(true);
    expect(goRegexp('^\\x{41}$').test('A')).toBe(true);
    expect(goRegexp('^\\pL+$').test('äöü')).toBe(true);
  });

  it('treats a ] right after [ as a literal like RE2', () => {
    expect(goRegexp('^[]a]+$').test(']a]')).toBe(true);
  });

  it('refuses what JS cannot express instead of changing the meaning', () => {
    expect(() => goRegexp('(?U)a+')).toThrow(GoRegexpError);
    expect(() => goRegexp('a(?i)b')).toThrow(/flags can only be set at the start/);
    expect(() => goRegexp('a\\C')).toThrow(GoRegexpError);
    expect(() => goRegexp('a(')).toThrow(GoRegexpError);
  });

  it.each([
    ['^/usr/bin/(?!rm)', '(?!'],
    ['(?<=x)y', '(?<='],
    ['(?>a)', '(?>'],
  ])('refuses Perl-only %s with Go’s message (JS would run it; Go never does)', (pattern, syntax) => {
    expect(() => goRegexp(pattern)).toThrow(`error parsing regexp: invalid or unsupported Perl syntax: \`${syntax}\``);
  });

  it('refuses back-references like RE2, but reads \\012 as an octal escape', () => {
    expect(() => goRegexp('(a)\\1')).toThrow('error parsing regexp: invalid escape sequence: `\\1`');
    expect(goRegexp('a\\012').test('a\n')).toBe(true);
  });
});

describe('command policy (allow/deny/order as the Go client)', () => {
  const base = defaultConfig('/tmp/x')['remote-commands'];

  it('allow,deny: must match an allow and no deny', () => {
    const policy = compileCommandPolicy(base);
    expect(policy.isAllowed('/usr/bin/id')).toBe(true);
    expect(policy.isAllowed('/usr/bin/id; rm -rf /')).toBe(false);
    expect(policy.isAllowed('id')).toBe(false);
  });

  it('deny,allow: an allow match wins, otherwise only a deny refuses', () => {
    const policy = compileCommandPolicy({ ...base, order: ['deny', 'allow'] });
    expect(policy.isAllowed('/usr/bin/id; echo x')).toBe(true);
    expect(policy.isAllowed('echo a; echo b')).toBe(false);
    expect(policy.isAllowed('echo ok')).toBe(true);
  });

  it('fails closed on a pattern it cannot use', () => {
    const badDeny = compileCommandPolicy({ ...base, allow: ['.*'], deny: ['(?U)x'] });
    expect(badDeny.problems).toHaveLength(1);
    expect(badDeny.isAllowed('/usr/bin/id')).toBe(false);
    const badAllow = compileCommandPolicy({ ...base, allow: ['(?U)x'], deny: [] });
    expect(badAllow.isAllowed('/usr/bin/id')).toBe(false);
  });
});
