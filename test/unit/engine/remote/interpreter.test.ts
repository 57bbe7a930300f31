import { describe, expect, it } from 'vitest';
import {
  buildInvocation,
  resolveInterpreter,
  scriptExtension,
} from '../../../../main/engine/remote/commands/interpreter';

const aliases = {
  bash5: { path: '/opt/bash5/bin/bash', input_encoding: '', output_encoding: '' },
  ps7: { path: 'C:\\Program Files\\PowerShell\\7\\pwsh.exe', input_encoding: '', output_encoding: '' },
};

describe('interpreter choice (Go Interpreter.Get / exec_nix / exec_win)', () => {
  it('defaults to /bin/sh on Unix, given the script file itself (what Go’s sh -c turns into)', () => {
    const inv = buildInvocation({
      requested: '',
      aliases,
      platform: 'linux',
      scriptPath: '/data dir/scripts/u',
      script: 'id',
      isSudo: false,
    });
    expect(inv).toEqual({ file: '/bin/sh', args: ['/data dir/scripts/u'], windowsVerbatimArguments: false });
  });
  it('keeps Go’s `-c` (spaces escaped) for an interpreter that is not a shell', () => {
    const inv = buildInvocation({
      requested: '/usr/bin/python3',
      aliases,
      platform: 'linux',
      scriptPath: '/data dir/scripts/u',
      script: 'print(1)',
      isSudo: false,
    });
    expect([inv.file, ...inv.args]).toEqual(['/usr/bin/python3', '-c', '/data\\ dir/scripts/u']);
  });
  it('puts sudo -n in front when asked', () => {
    const inv = buildInvocation({
      requested: 'bash5',
      aliases,
      platform: 'linux',
      scriptPath: '/d/s/u',
      script: 'id',
      isSudo: true,
    });
    expect([inv.file, ...inv.args]).toEqual(['sudo', '-n', '/opt/bash5/bin/bash', '/d/s/u']);
  });
  it('runs a script with a shebang directly', () => {
    const inv = buildInvocation({
      requested: 'bash5',
      aliases,
      platform: 'darwin',
      scriptPath: '/d s/u',
      script: '#!/usr/bin/env python3\n',
      isSudo: false,
    });
    expect([inv.file, ...inv.args]).toEqual(['/d s/u']);
  });
  it('hands tacoscript the file, without -c, with a .yml name', () => {
    const choice = { requested: 'tacoscript', aliases, platform: 'linux' as const };
    expect(scriptExtension(choice)).toBe('.yml');
    const inv = buildInvocation({ ...choice, scriptPath: '/d/s/u.yml', script: 'x', isSudo: false });
    expect([inv.file, ...inv.args]).toEqual(['tacoscript', '/d/s/u.yml']);
  });
  it('uses cmd /c with verbatim arguments on Windows, .bat files', () => {
    const choice = { requested: '', aliases, platform: 'win32' as const };
    expect(resolveInterpreter(choice)).toBe('cmd');
    expect(scriptExtension(choice)).toBe('.bat');
    const inv = buildInvocation({
      ...choice,
      scriptPath: 'C:\\Program Files\\rport\\scripts\\u.bat',
      script: 'dir',
      isSudo: true,
    });
    expect(inv).toEqual({
      file: 'cmd.exe',
      args: ['/c', '"C:\\Program Files\\rport\\scripts\\u.bat"'],
      windowsVerbatimArguments: true,
    });
  });
  it('runs PowerShell with -File and a .ps1 file, also through an alias', () => {
    const direct = buildInvocation({
      requested: 'powershell',
      aliases,
      platform: 'win32',
      scriptPath: 'C:\\s\\u.ps1',
      script: 'x',
      isSudo: false,
    });
    expect([direct.file, ...direct.args]).toEqual([
      'powershell.exe',
      '-Noninteractive',
      '-executionpolicy',
      'bypass',
      '-File',
      'C:\\s\\u.ps1',
    ]);
    expect(scriptExtension({ requested: 'powershell', aliases, platform: 'win32' })).toBe('.ps1');
    // An alias whose path contains "powershell" counts as PowerShell (Go's loose Matches).
    expect(scriptExtension({ requested: 'ps7', aliases, platform: 'win32' })).toBe('.ps1');
    const alias = buildInvocation({
      requested: 'ps7',
      aliases,
      platform: 'win32',
      scriptPath: 'C:\\s\\u.ps1',
      script: 'x',
      isSudo: false,
    });
    expect(alias.file).toBe(aliases.ps7.path);
    expect(alias.args.slice(-2)).toEqual(['-File', 'C:\\s\\u.ps1']);
  });
});
