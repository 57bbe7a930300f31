import { describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/cli';
import { commands } from '../../../main/cli/commands';
import type { CliIo } from '../../../main/cli/command-types';

function capture(): CliIo & { out: string; err: string } {
  const io = { out: '', err: '', stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return io;
}

describe('rport-tray dispatcher', () => {
  it('lists every command with its summary in --help and exits 0', async () => {
    const io = capture();
    expect(await runCli(['--help'], io)).toBe(0);
    for (const c of commands) expect(io.out).toContain(`  ${c.name}`);
    expect(io.out).toContain('Exit codes: 0 ok, 1 runtime error, 2 usage error, 3 invalid config.');
  });

  it('prints the package version for --version and -v', async () => {
    const { version } = (await import('../../../package.json', { with: { type: 'json' } })).default;
    for (const flag of ['--version', '-v']) {
      const io = capture();
      expect(await runCli([flag], io)).toBe(0);
      expect(io.out).toBe(`${version}\n`);
    }
  });

  it('exits 2 with the usage for no command, an unknown command, or a bad option', async () => {
    let io = capture();
    expect(await runCli([], io)).toBe(2);
    io = capture();
    expect(await runCli(['launch'], io)).toBe(2);
    expect(io.err).toContain('unknown command "launch"');
    io = capture();
    expect(await runCli(['check', '--colour'], io)).toBe(2);
    expect(io.err).toContain("Unknown option '--colour'");
    io = capture();
    expect(await runCli(['check', '--config', ''], io)).toBe(2);
    expect(io.err).toContain('--config is required');
  });

  it('prints one line and where to read more for a usage error, never the whole help', async () => {
    let io = capture();
    expect(await runCli(['check', '--colour'], io)).toBe(2);
    expect(io.err).toBe("rport-tray check: Unknown option '--colour'\nsee: rport-tray check --help\n");
    expect(io.out).toBe('');
    io = capture();
    expect(await runCli(['stauts'], io)).toBe(2);
    expect(io.err).toBe(
      'rport-tray: unknown command "stauts"; did you mean "status"? (commands: run, check, status, config, ui-link, service, watch-service)\n' +
        'see: rport-tray --help\n',
    );
    io = capture();
    expect(await runCli(['config', 'get', 'keep_alive'], io)).toBe(2);
    expect(io.err).toBe(
      'rport-tray config: unknown key "keep_alive"; did you mean "connection.keep_alive"?\n' +
        'see: rport-tray config --help\n',
    );
  });

  it('shows a command’s own usage for `<command> --help` and `help <command>`', async () => {
    for (const argv of [
      ['status', '--help'],
      ['help', 'status'],
    ]) {
      const io = capture();
      expect(await runCli(argv, io)).toBe(0);
      expect(io.out).toContain('rport-tray status [--data-dir DIR | --config FILE]');
    }
  });
});
