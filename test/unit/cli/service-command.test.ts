// `rport-tray service` against a temporary root directory and stand-in systemctl/launchctl scripts that
// record how they were called: what it writes, what it runs, and where it refuses. Never the real system.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createServiceCommand } from '../../../main/cli/commands/service';
import { systemServiceHost, type ServiceHost } from '../../../main/cli/service/service-host';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

interface Machine {
  host: ServiceHost;
  root: string;
  calls: () => string[];
  configFile: string;
}

/** A root directory with an rport.conf, and a stand-in tool that logs its arguments (and answers `show`). */
function machine(options: { platform?: NodeJS.Platform; isRoot?: boolean; systemd?: boolean } = {}): Machine {
  const root = mkdtempSync(path.join(tmpdir(), 'rport-tray-service-'));
  dirs.push(root);
  if (options.systemd !== false) mkdirSync(path.join(root, 'run/systemd/system'), { recursive: true });
  const log = path.join(root, 'calls.log');
  const tool = path.join(root, 'fake-tool');
  writeFileSync(
    tool,
    [
      '#!/bin/sh',
      `echo "$(basename "$0") $*" >> "${log}"`,
      'if [ "$1" = show ]; then printf "LoadState=loaded\\nActiveState=active\\nSubState=running\\nMainPID=4242\\nWatchdogUSec=6min 30s\\n"; fi',
      'if [ "$1" = print ]; then printf "system/x = {\\n\\tstate = running\\n\\tpid = 4343\\n}\\n"; fi',
      '',
    ].join('\n'),
  );
  chmodSync(tool, 0o755);
  const configFile = path.join(root, 'etc/rport/rport.conf');
  mkdirSync(path.dirname(configFile), { recursive: true });
  writeFileSync(
    configFile,
    [
      '[client]',
      'server = "rport.example.com:8080"',
      'fallback_servers = ["rport2.example.com:8080"]',
      'auth = "client1:secret1"',
      `data_dir = "${path.join(root, 'var/lib/rport')}"`,
      '[connection]',
      'keep_alive = "3m"',
      'keep_alive_timeout = "30s"',
      'max_retry_interval = "3m"',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  const real = systemServiceHost('/opt/rport-tray/bin/rport-tray.js');
  return {
    root,
    configFile,
    calls: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []),
    host: {
      ...real,
      platform: options.platform ?? 'linux',
      isRoot: options.isRoot ?? true,
      root,
      nodePath: '/usr/bin/node',
      cliPath: '/opt/rport-tray/bin/rport-tray.js',
      systemctl: tool,
      launchctl: tool,
      now: () => new Date(Date.UTC(2026, 0, 1)),
    },
  };
}

async function service(m: Machine, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await createServiceCommand(() => m.host)
    .run(args, { stdout: (t) => void (out += t), stderr: (t) => void (err += t) })
    .catch((e: Error & { exitCode?: number }) => {
      err += e.message;
      return e.exitCode ?? -1;
    });
  return { code, out, err };
}

const unitPath = (m: Machine) => path.join(m.root, 'etc/systemd/system/rport-tray.service');

describe('rport-tray service on Linux (systemd)', () => {
  it('install writes a Type=notify unit with WatchdogSec from the config, enables and starts it, printing each step', async () => {
    const m = machine();
    const r = await service(m, 'install', '--config', m.configFile, '--user', 'rport');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const unit = readFileSync(unitPath(m), 'utf8');
    // keep_alive 3m + 30s + 5s jitter = 215 s; max_retry_interval 3m + 2 dials of 30 s + 30 s reply = 270 s.
    expect(unit).toContain('WatchdogSec=300\n');
    expect(unit).toContain('this config goes without a ping or a retry is 270 s');
    expect(unit).toContain(`ExecStart=/usr/bin/node /opt/rport-tray/bin/rport-tray.js run --config ${m.configFile}\n`);
    for (const line of [
      'Type=notify',
      'NotifyAccess=all',
      'Restart=always',
      'RestartSec=120',
      'StartLimitIntervalSec=5',
      'StartLimitBurst=10',
      'LimitNOFILE=1048576',
      'User=rport',
      'TimeoutStartSec=120',
      'WantedBy=multi-user.target',
    ])
      expect(unit).toContain(`\n${line}\n`);
    expect(m.calls()).toEqual([
      'fake-tool daemon-reload',
      'fake-tool enable rport-tray.service',
      'fake-tool restart --no-block rport-tray.service',
    ]);
    expect(r.out).toContain(`wrote ${unitPath(m)}\n`);
    expect(r.out).toContain('WatchdogSec=300: this config may go 270 s without a ping or a retry, plus a margin\n');
    expect(r.out).toContain('ran: fake-tool enable rport-tray.service\n');
    expect(r.out).toMatch(/installed: rport-tray\.service starts now and at every boot, as rport/);
  });

  it('refuses clearly when not root, writing and running nothing', async () => {
    const m = machine({ isRoot: false });
    const r = await service(m, 'install', '--config', m.configFile);
    expect(r.code).toBe(1);
    expect(r.err).toBe('refused: install needs root: run it again with sudo (sudo rport-tray service install …)');
    expect(existsSync(unitPath(m))).toBe(false);
    expect(m.calls()).toEqual([]);
    expect((await service(m, 'uninstall')).err).toMatch(/^refused: uninstall needs root/);
  });

  it('refuses clearly where systemd does not run', async () => {
    const m = machine({ systemd: false });
    const r = await service(m, 'install', '--config', m.configFile);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^refused: this machine does not run systemd \(no \/run\/systemd\/system\)/);
    expect(existsSync(unitPath(m))).toBe(false);
  });

  it('does not install a config with errors (exit 3, the problems named)', async () => {
    const m = machine();
    writeFileSync(m.configFile, '[connection]\nkeep_alive = "soon"\n');
    const r = await service(m, 'install', '--config', m.configFile);
    expect(r.code).toBe(3);
    expect(r.err).toContain(`${m.configFile}:2: connection.keep_alive`);
    expect(existsSync(unitPath(m))).toBe(false);
  });

  it('status shows what systemd says; uninstall disables, removes and reloads', async () => {
    const m = machine();
    expect(await service(m, 'status')).toMatchObject({ code: 1, out: `not installed (no ${unitPath(m)})\n` });
    await service(m, 'install', '--config', m.configFile);
    const status = await service(m, 'status');
    expect(status.code).toBe(0);
    expect(status.out).toContain('ActiveState:    active\n');
    expect(status.out).toContain('MainPID:        4242\n');
    const gone = await service(m, 'uninstall');
    expect(gone.code).toBe(0);
    expect(existsSync(unitPath(m))).toBe(false);
    expect(m.calls().slice(-3)).toEqual([
      expect.stringMatching(/^fake-tool show rport-tray\.service/),
      'fake-tool disable --now rport-tray.service',
      'fake-tool daemon-reload',
    ]);
    expect(gone.out).toContain('uninstalled: rport-tray.service is stopped and no longer starts at boot');
    expect((await service(m, 'uninstall')).out).toMatch(/^not installed/);
  });

  it('keep_alive = 0: no WatchdogSec, and it says why', async () => {
    const m = machine();
    writeFileSync(m.configFile, readFileSync(m.configFile, 'utf8').replace('keep_alive = "3m"', 'keep_alive = "0"'));
    const r = await service(m, 'install', '--config', m.configFile);
    expect(r.code).toBe(0);
    expect(readFileSync(unitPath(m), 'utf8')).not.toMatch(/^WatchdogSec=/m);
    expect(r.out).toContain('no WatchdogSec: keep_alive = 0');
  });
});

describe('rport-tray service elsewhere', () => {
  it('macOS: a launchd daemon, bootstrapped and enabled; status from launchctl print', async () => {
    const m = machine({ platform: 'darwin', systemd: false });
    const r = await service(m, 'install', '--config', m.configFile);
    expect(r.code).toBe(0);
    const plist = readFileSync(path.join(m.root, 'Library/LaunchDaemons/io.github.rport-tray.client.plist'), 'utf8');
    expect(plist).toContain('<key>KeepAlive</key>\n  <true/>');
    expect(plist).toContain('<key>ThrottleInterval</key>\n  <integer>120</integer>');
    expect(plist).toContain(`<string>${m.configFile}</string>`);
    expect(m.calls()).toEqual([
      'fake-tool bootout system/io.github.rport-tray.client',
      expect.stringMatching(/^fake-tool bootstrap system .*io\.github\.rport-tray\.client\.plist$/),
      'fake-tool enable system/io.github.rport-tray.client',
    ]);
    expect((await service(m, 'status')).out).toContain('pid:            4343\n');
  });

  it('Windows: refused, with what to do instead', async () => {
    const m = machine({ platform: 'win32', systemd: false });
    const r = await service(m, 'install', '--config', m.configFile);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^refused: a service is not supported on win32/);
  });

  it('usage errors', async () => {
    const m = machine();
    expect((await service(m)).code).toBe(2);
    expect((await service(m, 'restart')).err).toContain('unknown action "restart"');
    expect((await service(m, 'status', '--config', m.configFile)).code).toBe(2);
  });
});
