// The service manager adapters: the exact commands they run (argv, never a shell) and how they read the
// answers of systemctl, sc.exe and launchctl, with a runner that plays the OS's part.
import { describe, expect, it } from 'vitest';
import type { CommandResult, CommandRunner } from '../../../../main/watchdog/service/command-runner';
import { createServiceManager } from '../../../../main/watchdog/service/create-service-manager';
import { launchdManager, parseLaunchctlPrint } from '../../../../main/watchdog/service/launchd-manager';
import { parseSystemctlShow, systemdManager } from '../../../../main/watchdog/service/systemd-manager';
import { parseScQuery, windowsServiceManager } from '../../../../main/watchdog/service/windows-service-manager';

const ok = (stdout = ''): CommandResult => ({ code: 0, signal: null, stdout, stderr: '', error: null });
const exit = (code: number, stderr = '', stdout = ''): CommandResult => ({
  code,
  signal: null,
  stdout,
  stderr,
  error: null,
});

function runner(answers: Array<CommandResult | ((argv: readonly string[]) => CommandResult)>) {
  const calls: string[][] = [];
  const run: CommandRunner = async (argv) => {
    calls.push([...argv]);
    const next = answers.shift();
    if (!next) throw new Error(`unexpected command ${argv.join(' ')}`);
    return typeof next === 'function' ? next(argv) : next;
  };
  return { run, calls };
}

describe('systemd', () => {
  it('asks systemctl show and restarts with --no-ask-password', async () => {
    const r = runner([ok('LoadState=loaded\nActiveState=active\nSubState=running\n'), ok()]);
    const m = systemdManager('rport', r.run);
    expect(await m.query()).toEqual({ state: 'running', detail: 'systemctl: active (running)' });
    await m.restart();
    expect(r.calls).toEqual([
      ['systemctl', 'show', '--property=LoadState,ActiveState,SubState', 'rport.service'],
      ['systemctl', 'restart', '--no-ask-password', 'rport.service'],
    ]);
    expect(m.restartCommand).toBe('systemctl restart --no-ask-password rport.service');
  });

  it.each([
    ['LoadState=loaded\nActiveState=inactive\nSubState=dead', 'stopped'],
    ['LoadState=loaded\nActiveState=failed\nSubState=failed', 'stopped'],
    ['LoadState=loaded\nActiveState=activating\nSubState=start', 'starting'],
    ['LoadState=not-found\nActiveState=inactive\nSubState=dead', 'not-installed'],
    ['garbage', 'unknown'],
  ])('reads %j as %s', (stdout, state) => {
    expect(parseSystemctlShow(stdout).state).toBe(state);
  });

  it('says what a refused restart answered (a missing polkit grant)', async () => {
    const r = runner([exit(1, 'Failed to restart rport.service: Access denied\nSee system logs.')]);
    await expect(systemdManager('rport', r.run).restart()).rejects.toThrow(
      '`systemctl restart --no-ask-password rport.service` exited with code 1: Failed to restart rport.service: Access denied See system logs.',
    );
  });

  it('answers unknown, never throws, when systemctl cannot be asked', async () => {
    const r = runner([{ code: null, signal: null, stdout: '', stderr: '', error: 'spawn systemctl ENOENT' }]);
    expect(await systemdManager('rport', r.run).query()).toEqual({
      state: 'unknown',
      detail: '`systemctl show --property=LoadState,ActiveState,SubState rport.service` failed: spawn systemctl ENOENT',
    });
  });
});

describe('Windows service control', () => {
  const query = (code: number, name: string) =>
    ok(
      `SERVICE_NAME: rport\n        TYPE               : 10  WIN32_OWN_PROCESS\n        STATE              : ${code}  ${name}\n`,
    );

  it('reads sc query', () => {
    expect(parseScQuery(query(4, 'RUNNING').stdout)).toEqual({ state: 'running', detail: 'sc: 4 RUNNING' });
    expect(parseScQuery(query(1, 'STOPPED').stdout).state).toBe('stopped');
    expect(parseScQuery(query(2, 'START_PENDING').stdout).state).toBe('starting');
  });

  it('restarts with stop, a wait until stopped, then start', async () => {
    const r = runner([ok(), query(3, 'STOP_PENDING'), query(1, 'STOPPED'), ok()]);
    const m = windowsServiceManager('rport', { run: r.run, sleep: async () => undefined });
    await m.restart();
    expect(r.calls).toEqual([
      ['sc.exe', 'stop', 'rport'],
      ['sc.exe', 'query', 'rport'],
      ['sc.exe', 'query', 'rport'],
      ['sc.exe', 'start', 'rport'],
    ]);
  });

  it('starts a service that was not running (1062 on stop)', async () => {
    const r = runner([exit(1062), query(1, 'STOPPED'), ok()]);
    await windowsServiceManager('rport', { run: r.run, sleep: async () => undefined }).restart();
    expect(r.calls.at(-1)).toEqual(['sc.exe', 'start', 'rport']);
  });

  it('says not installed for 1060, and names a refused stop (no rights on the service)', async () => {
    const m = windowsServiceManager('rport', {
      run: runner([exit(1060, '', '[SC] EnumQueryServicesStatus:OpenService FAILED 1060')]).run,
    });
    expect((await m.query()).state).toBe('not-installed');
    const denied = windowsServiceManager('rport', {
      run: runner([exit(5, '', '[SC] OpenService FAILED 5:\n\nAccess is denied.')]).run,
    });
    await expect(denied.restart()).rejects.toThrow(
      /`sc.exe stop rport` exited with code 5: \[SC\] OpenService FAILED 5: Access is denied\./,
    );
  });
});

describe('launchd', () => {
  it('reads launchctl print and restarts with sudo -n launchctl kickstart -k', async () => {
    const r = runner([ok('system/rport = {\n\tactive count = 1\n\tstate = running\n}'), ok()]);
    const m = launchdManager('rport', { run: r.run, sudo: true });
    expect(await m.query()).toEqual({ state: 'running', detail: 'launchctl: running' });
    await m.restart();
    expect(r.calls[1]).toEqual(['sudo', '-n', '/bin/launchctl', 'kickstart', '-k', 'system/rport']);
    expect(parseLaunchctlPrint('\tstate = not running\n').state).toBe('stopped');
  });

  it('says not installed for exit 113', async () => {
    const m = launchdManager('rport', {
      run: runner([exit(113, 'Could not find service "rport" in domain for system')]).run,
    });
    expect((await m.query()).state).toBe('not-installed');
  });
});

describe('configured commands', () => {
  it('replace the restart only, keeping the OS adapter for the status', async () => {
    const r = runner([ok('LoadState=loaded\nActiveState=active\nSubState=running'), ok()]);
    const m = createServiceManager(
      { serviceName: 'rport', platform: 'linux', restartCommand: ['sudo', '-n', 'systemctl', 'restart', 'rport'] },
      r.run,
    );
    expect(m.kind).toBe('systemd');
    expect(m.restartCommand).toBe('sudo -n systemctl restart rport');
    await m.query();
    await m.restart();
    expect(r.calls[1]).toEqual(['sudo', '-n', 'systemctl', 'restart', 'rport']);
  });

  it('read the status by the LSB exit codes: 0 running, 3 stopped, else unknown', async () => {
    const spec = { serviceName: 'rport', kind: 'command' as const, statusCommand: ['check'], restartCommand: ['kick'] };
    expect(await createServiceManager(spec, runner([ok('active\n')]).run).query()).toEqual({
      state: 'running',
      detail: 'active',
    });
    expect(await createServiceManager(spec, runner([exit(3, '', 'inactive')]).run).query()).toEqual({
      state: 'stopped',
      detail: 'inactive',
    });
    expect((await createServiceManager(spec, runner([exit(4)]).run).query()).state).toBe('unknown');
  });

  it('the command manager needs both commands', () => {
    expect(() => createServiceManager({ serviceName: 'rport', kind: 'command', statusCommand: ['x'] })).toThrow(/both/);
  });

  it('picks the OS adapter by platform', () => {
    expect(createServiceManager({ serviceName: 'rport', platform: 'win32' }).kind).toBe('windows');
    expect(createServiceManager({ serviceName: 'rport', platform: 'darwin' }).kind).toBe('launchd');
    expect(createServiceManager({ serviceName: 'rport', platform: 'linux' }).kind).toBe('systemd');
  });
});
