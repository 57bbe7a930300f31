// Running a service manager's command for real (a node child): exit codes, output, a missing program,
// a timeout; and splitting a configured command line without a shell.
import { describe, expect, it } from 'vitest';
import { commandLineText, runCommand, splitCommandLine } from '../../../../main/watchdog/service/command-runner';

const node = process.execPath;

describe('runCommand', () => {
  it('returns the exit code and output', async () => {
    expect(
      await runCommand([node, '-e', 'process.stdout.write("active"); process.exit(0)'], { timeoutMs: 10_000 }),
    ).toMatchObject({
      code: 0,
      stdout: 'active',
      error: null,
    });
    expect(
      await runCommand([node, '-e', 'process.stderr.write("denied"); process.exit(3)'], { timeoutMs: 10_000 }),
    ).toMatchObject({
      code: 3,
      stderr: 'denied',
      error: null,
    });
  });

  it('says why a program that does not exist did not run', async () => {
    const r = await runCommand(['/nonexistent/systemctl', 'show'], { timeoutMs: 10_000 });
    expect(r.code).toBeNull();
    expect(r.error).toMatch(/ENOENT/);
  });

  it('stops a command that takes longer than its timeout', async () => {
    const r = await runCommand([node, '-e', 'setTimeout(() => {}, 60000)'], { timeoutMs: 300 });
    expect(r.error).toBe('timed out after 0.3 s');
  });
});

describe('splitCommandLine', () => {
  it('splits on whitespace, groups quotes, keeps backslashes', () => {
    expect(splitCommandLine('sudo -n systemctl restart rport')).toEqual([
      'sudo',
      '-n',
      'systemctl',
      'restart',
      'rport',
    ]);
    expect(splitCommandLine(`"C:\\Program Files\\rport\\kick.exe" --name 'my service'  x`)).toEqual([
      'C:\\Program Files\\rport\\kick.exe',
      '--name',
      'my service',
      'x',
    ]);
    expect(splitCommandLine('a "" b')).toEqual(['a', '', 'b']);
    expect(() => splitCommandLine('a "b')).toThrow(/unclosed "/);
  });

  it('prints a command line back readably', () => {
    expect(commandLineText(['node', '/tmp/a b/fake.mjs', 'status'])).toBe('node "/tmp/a b/fake.mjs" status');
  });
});
