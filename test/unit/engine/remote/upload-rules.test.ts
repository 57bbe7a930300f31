import { describe, expect, it } from 'vitest';
import { goGlobToRegExp, GlobSyntaxError } from '../../../../main/shared/go/glob';
import { findProtectedMatch, protectedPathText } from '../../../../main/engine/remote/upload/protected-paths';
import { parseUploadRequest } from '../../../../main/engine/remote/upload/upload-request';
import { DEFAULT_PROTECTED_PATHS } from '../../../../main/config/defaults';

describe('Go filepath.Match', () => {
  const unix = (pattern: string, name: string): boolean => goGlobToRegExp(pattern, { windows: false }).test(name);
  it('does not let * and ? cross a separator', () => {
    expect(unix('/lib*', '/lib64')).toBe(true);
    expect(unix('/lib*', '/lib/x86_64')).toBe(false);
    expect(unix('/us?', '/usr')).toBe(true);
    expect(unix('/a/*/c', '/a/b/c')).toBe(true);
    expect(unix('/a/*/c', '/a/b/x/c')).toBe(false);
  });
  it('supports classes, negation with ^ and escapes', () => {
    expect(unix('/dev/tty[0-9]', '/dev/tty3')).toBe(true);
    expect(unix('/dev/tty[^0-9]', '/dev/ttyS')).toBe(true);
    expect(unix('/a\\*b', '/a*b')).toBe(true);
    expect(unix('/a\\*b', '/axb')).toBe(false);
  });
  it('rejects bad patterns like ErrBadPattern', () => {
    expect(() => goGlobToRegExp('/a[', { windows: false })).toThrow(GlobSyntaxError);
    expect(() => goGlobToRegExp('/a\\', { windows: false })).toThrow(GlobSyntaxError);
  });
  it('uses backslash as separator and ignores case on Windows', () => {
    const re = goGlobToRegExp('C:\\Program*', { windows: true });
    expect(re.test('c:\\program files')).toBe(true);
    expect(re.test('C:\\Program Files\\x')).toBe(false);
  });
});

describe('protected upload destinations', () => {
  const linux = DEFAULT_PROTECTED_PATHS.linux;
  it('refuses files in a protected folder with the Go text', () => {
    const match = findProtectedMatch('/usr/bin/evil', linux, false);
    expect(match).toEqual({ matchedPath: '/usr/bin', pattern: '/usr/bin' });
    expect(protectedPathText(match!)).toBe(
      'target path /usr/bin matches protected pattern /usr/bin, therefore the file push request is rejected',
    );
  });
  it('also guards sub-folders and resolves .. (stricter than Go)', () => {
    expect(findProtectedMatch('/lib/x86_64-linux-gnu/libc.so.6', linux, false)?.pattern).toBe('/lib*');
    expect(findProtectedMatch('/tmp/../boot/vmlinuz', linux, false)?.pattern).toBe('/boot');
    expect(findProtectedMatch('/home/user/file.txt', linux, false)).toBeNull();
  });
  it('makes the Windows defaults effective, case-insensitively', () => {
    const windows = DEFAULT_PROTECTED_PATHS.win32;
    expect(findProtectedMatch('c:\\windows\\system32\\drivers\\x.sys', windows, true)?.pattern).toBe('C:\\Windows\\');
    expect(findProtectedMatch('C:\\ProgramData\\App\\x.dll', windows, true)?.pattern).toBe('C:\\ProgramData');
    expect(findProtectedMatch('C:\\Users\\me\\x.txt', windows, true)).toBeNull();
  });
});

describe('upload request', () => {
  it('decodes Go field names case-insensitively and the base64 MD5', () => {
    const request = parseUploadRequest(
      Buffer.from(
        JSON.stringify({
          ID: 'u1',
          SourceFilePath: '/srv/u1',
          destinationPath: '/tmp/x',
          DestinationFileMode: 0o644,
          ForceWrite: true,
          Md5Checksum: Buffer.from('0123456789abcdef').toString('base64'),
        }),
      ),
    );
    expect(request).toMatchObject({
      id: 'u1',
      sourceFilePath: '/srv/u1',
      destinationPath: '/tmp/x',
      destinationFileMode: 0o644,
      forceWrite: true,
      sync: false,
    });
    expect(request.md5.toString()).toBe('0123456789abcdef');
  });
  it('names a missing source or destination like Go', () => {
    expect(() => parseUploadRequest(Buffer.from('{"DestinationPath":"/x"}'))).toThrow('empty source file name');
    expect(() => parseUploadRequest(Buffer.from('{"SourceFilePath":"/x"}'))).toThrow('empty destination file path');
  });
});
