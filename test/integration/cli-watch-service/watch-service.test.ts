// `rport-tray watch-service` as an administrator runs it on a server without a desktop, against a
// service manager the test provides as a command (test/support/service-manager/fake-service-manager-cli.mjs)
// and a state.json the test writes: `--once` from a scheduled task (fresh, stale while connected, stale
// while reconnecting, missing, unreadable, bad JSON, a clock in the future, stopped, a restart that fails,
// and the budget shared between runs), and the long-running watcher that restarts a service whose file
// goes stale and stops cleanly on SIGTERM.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderStateFile, type WatchdogState } from '../../../main/engine/state-file';

const CLI = path.resolve('bin/rport-tray.js');
const FAKE = path.resolve('test/support/service-manager/fake-service-manager-cli.mjs');
const root = mkdtempSync(path.join(tmpdir(), 'rport-tray-watch-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let counter = 0;
function machine(connection = 'watchdog_integration = true') {
  const dir = path.join(root, `m${counter++}`);
  const data = path.join(dir, 'data');
  const fake = path.join(dir, 'service-manager');
  mkdirSync(data, { recursive: true });
  mkdirSync(fake);
  const config = path.join(dir, 'rport.conf');
  writeFileSync(
    config,
    `[client]\nserver = "http://rport.example.com:8080"\nauth = "client:s3cret-pass"\ndata_dir = ${JSON.stringify(data)}\n` +
      `[connection]\n${connection}\n`,
  );
  const stateFile = path.join(data, 'state.json');
  const q = (s: string) => `"${s}"`;
  const args = [
    'watch-service',
    '--config',
    config,
    '--status-command',
    `${q(process.execPath)} ${q(FAKE)} ${q(fake)} status`,
    '--restart-command',
    `${q(process.execPath)} ${q(FAKE)} ${q(fake)} restart`,
    '--data-dir',
    path.join(dir, 'watcher'),
  ];
  return {
    dir,
    stateFile,
    args,
    writeState: (state: WatchdogState, message: string, ageMs: number) =>
      writeFileSync(stateFile, renderStateFile({ state, message, at: Date.now() - ageMs })),
    service: (s: { running?: boolean; failRestart?: boolean; freshStateFile?: string }) =>
      writeFileSync(path.join(fake, 'service.json'), JSON.stringify(s)),
    restarts: (): number[] => {
      const log = path.join(fake, 'restarts.log');
      return existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').map(Number) : [];
    },
    once: (...more: string[]) =>
      spawnSync(process.execPath, [CLI, ...args, '--once', ...more], { encoding: 'utf8', timeout: 60_000 }),
  };
}

const PING = 'ping to 10.0.0.1:8080 succeeded within 12.5ms';

describe('rport-tray watch-service --once', () => {
  it('fresh: healthy, exit 0, no restart', () => {
    const m = machine();
    m.writeState('connected', PING, 11_000);
    const r = m.once();
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /^rport service \(active\): healthy: state.json updated 1\d s ago; stale after 311 s while connected/,
    );
    expect(m.restarts()).toEqual([]);
  });

  it('stale while connected: restarts it, says why, exit 0', () => {
    const m = machine();
    m.writeState('connected', PING, 401_000);
    const r = m.once();
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/restarted: state.json not updated for 40\d s while connected \(deadline 311 s\)/);
    expect(m.restarts()).toHaveLength(1);
  });

  it('stale while reconnecting: judged against the announced wait, then restarted', () => {
    const m = machine();
    m.writeState('reconnecting', 'Retrying in 1m0s...', 400_000);
    expect(m.once().stdout).toMatch(/healthy: .*stale after 490 s while reconnecting/);
    m.writeState('reconnecting', 'Retrying in 1m0s...', 501_000);
    expect(m.once().stdout).toMatch(
      /restarted: state.json not updated for 50\d s while reconnecting \(deadline 490 s\)/,
    );
    expect(m.restarts()).toHaveLength(1);
  });

  it.each([
    ['missing', () => undefined, /does not exist/],
    ['unreadable', (file: string) => mkdirSync(file), /cannot read .*EISDIR/],
    ['bad JSON', (file: string) => writeFileSync(file, '{"last_update_ts": 17'), /is not valid JSON/],
  ])('%s: cannot judge, exit 1 with the problem and its fix, no restart', (_name, make, problem) => {
    const m = machine();
    make(m.stateFile);
    const r = m.once();
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/: unjudged: cannot judge: /);
    expect(r.stdout).toMatch(problem);
    expect(r.stdout).toMatch(/\n {4}fix: /);
    expect(m.restarts()).toEqual([]);
  });

  it('a clock in the future: healthy for now, and says the clocks disagree', () => {
    const m = machine();
    m.writeState('connected', PING, -7_200_000);
    const r = m.once();
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/problem: .*state.json is dated 7\d{3} s ahead of this machine's clock/);
    expect(m.restarts()).toEqual([]);
  });

  it('watchdog_integration off: cannot judge, names the fix, no restart of a stale file', () => {
    const m = machine('watchdog_integration = false');
    m.writeState('connected', PING, 3_600_000);
    const r = m.once();
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/fix: set `watchdog_integration = true` in \[connection\]/);
    expect(m.restarts()).toEqual([]);
  });

  it('stopped: started again through the service manager', () => {
    const m = machine();
    m.writeState('connected', PING, 5_000);
    m.service({ running: false });
    const r = m.once();
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/restarted: the service was not running \(inactive\)/);
    expect(m.restarts()).toHaveLength(1);
  });

  it('a restart the service manager refuses: exit 1 with what it said', () => {
    const m = machine();
    m.writeState('connected', PING, 400_000);
    m.service({ running: true, failRestart: true });
    const r = m.once();
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(
      /restart failed: .*; the restart failed: `.*fake-service-manager-cli.mjs.* restart` exited with code 1: Access denied/,
    );
  });

  it('never restarts beyond the budget, which runs from a scheduled task share; --retry starts afresh', () => {
    const m = machine();
    m.writeState('connected', PING, 400_000);
    const budget = ['--max-restarts', '2', '--within', '1h'];
    expect(m.once(...budget).status).toBe(0);
    expect(m.once(...budget).status).toBe(0);
    const third = m.once(...budget);
    expect(third.status).toBe(1);
    expect(third.stdout).toMatch(
      /gave up: the rport service was restarted 2 times within 3600 s and is still unhealthy/,
    );
    expect(m.once(...budget).status).toBe(1);
    expect(m.restarts()).toHaveLength(2);
    expect(m.once(...budget, '--retry').status).toBe(0);
    expect(m.restarts()).toHaveLength(3);
    const record = JSON.parse(readFileSync(path.join(m.dir, 'watcher', 'service-watch-rport.json'), 'utf8'));
    expect(record.restarts).toHaveLength(3);
  });

  it('--json prints the view; the password of the service config never appears', () => {
    const m = machine();
    m.writeState('connected', PING, 1_000);
    const r = m.once('--json');
    const view = JSON.parse(r.stdout);
    expect(view).toMatchObject({ serviceName: 'rport', health: 'healthy', lastState: 'connected', running: 'running' });
    expect(r.stdout + r.stderr).not.toContain('s3cret-pass');
  });

  it("takes what the options leave open from the administrator's policy", () => {
    const m = machine();
    m.writeState('connected', PING, 401_000);
    const restartAt = m.args.indexOf('--restart-command');
    const restart = m.args[restartAt + 1] ?? '';
    const args = m.args.filter((_a, i) => i !== restartAt && i !== restartAt + 1);
    const policy = path.join(m.dir, 'policy.toml');
    writeFileSync(policy, `[rport-tray]\nservice_restart_command = ${JSON.stringify(restart)}\n`);
    const r = spawnSync(process.execPath, [CLI, ...args, '--once'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, RPORT_TRAY_POLICY: policy },
    });
    expect(r.status).toBe(0);
    expect(m.restarts()).toHaveLength(1);
  });

  it('refuses bad options with a usage error', () => {
    const m = machine();
    const r = spawnSync(process.execPath, [CLI, ...m.args, '--threshold', '600'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--threshold: time: missing unit in duration "600"/);
  });
});

describe('rport-tray watch-service', () => {
  it('restarts a service whose state.json goes stale, logs why, and stops cleanly on SIGTERM', async () => {
    const m = machine();
    m.writeState('connected', PING, 0);
    // The fake manager's restart writes a fresh state.json, like a client that started again.
    m.service({ running: true, freshStateFile: m.stateFile });
    const child = spawn(process.execPath, [CLI, ...m.args, '--threshold', '3s', '--interval', '1s'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 30_000;
      while (m.restarts().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(m.restarts()).toHaveLength(1);
      // Back once the fresh file is seen.
      while (!/writes state.json again after the restart/.test(out) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(out).toMatch(
        /restarting the rport service: state.json not updated for [34](\.\d)? s while connected \(deadline 3 s\)/,
      );
      expect(out).toMatch(/writes state.json again after the restart/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(out).not.toContain('s3cret-pass');
  });
});
