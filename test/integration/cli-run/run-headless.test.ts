// `rport-tray run` as a user runs it: a real process with the real worker against the test rportd.
// It logs to stdout and a file, keeps the status file `rport-tray status` reads from another process,
// restarts a killed worker and says why, stops cleanly on SIGTERM and SIGINT with no orphan worker (a
// second signal kills at once), starts again on SIGHUP after `failed`, and applies a hand edit of the
// config while it runs (an invalid one is reported and the last good config keeps running).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestRportd, type TestRportd } from '../../support/rportd';
import { alive, configText, TEST_ENGINE_TIMINGS } from '../watchdog/watchdog-harness';
import type { WatchdogPolicyOverrides } from '../../../main/watchdog/watchdog-policy';

const CLI = path.resolve('bin/rport-tray.js');

interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let rportd: TestRportd | null = null;
let otherRportd: TestRportd | null = null;
let running: Running | null = null;
const dirs: string[] = [];
const workerPids: number[] = [];

afterEach(async () => {
  if (running && running.child.exitCode === null && running.child.signalCode === null) {
    running.child.kill('SIGKILL');
    await running.exited;
  }
  running = null;
  for (const pid of workerPids.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
  await rportd?.stop();
  rportd = null;
  await otherRportd?.stop();
  otherRportd = null;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const testEnv = (policy: WatchdogPolicyOverrides = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  RPORT_TRAY_TEST_FAULTS: '1',
  RPORT_TRAY_TEST_ENGINE_TIMINGS: JSON.stringify(TEST_ENGINE_TIMINGS),
  RPORT_TRAY_TEST_WATCHDOG_POLICY: JSON.stringify({
    slackMs: 5_000,
    stopGraceMs: 500,
    ...policy,
    backoff: { initialMs: 200, ...policy.backoff },
  }),
  RPORT_TRAY_POLICY: '/nonexistent/policy.toml',
});

async function setup(): Promise<{ dataDir: string; configFile: string }> {
  rportd = await startTestRportd({ clientLoginWaitMs: 0 });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rport-tray-run-'));
  dirs.push(dataDir);
  const configFile = path.join(dataDir, 'rport.conf');
  // A generous ping timeout: these tests are about the command, not about pings on a loaded machine.
  const options = { server: rportd.url, fingerprint: rportd.fingerprint, keepAliveTimeout: '5s' };
  writeFileSync(configFile, configText(dataDir, options), { mode: 0o600 });
  return { dataDir, configFile };
}

function startRun(args: string[], policy?: WatchdogPolicyOverrides): Running {
  const child = spawn(process.execPath, [CLI, 'run', ...args], {
    env: testEnv(policy),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  running = { child, stdout: () => out, stderr: () => err, exited };
  return running;
}

interface StatusJson {
  running: boolean;
  state: string;
  supervisorPid: number;
  logFile: string;
  supervisor: {
    phase: string;
    workerPid: number | null;
    engine: { state: string; server: { url: string } | null } | null;
    restarts: { text: string; count: number; reason: { kind: string; signal?: string | null } }[];
  };
}

function status(dataDir: string, json = true): { code: number | null; out: string; parsed: StatusJson | null } {
  const r = spawnSync(process.execPath, [CLI, 'status', '--data-dir', dataDir, ...(json ? ['--json'] : [])], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  let parsed: StatusJson | null = null;
  if (json && r.status === 0) parsed = JSON.parse(r.stdout) as StatusJson;
  return { code: r.status, out: r.stdout + r.stderr, parsed };
}

async function waitForStatus(dataDir: string, predicate: (s: StatusJson) => boolean, what: string, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  let last: StatusJson | null = null;
  while (Date.now() < until) {
    last = status(dataDir).parsed;
    if (last && predicate(last)) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(
    `timed out waiting for ${what}; last status ${JSON.stringify(last)}; run stderr: ${running?.stderr()}`,
  );
}

const connected = (s: StatusJson) => s.running && s.state === 'connected' && s.supervisor.workerPid !== null;

/** `rport-tray run` against a fresh test rportd, once `status` says it is connected. */
async function startConnected(policy?: WatchdogPolicyOverrides) {
  const { dataDir, configFile } = await setup();
  const run = startRun(['--config', configFile], policy);
  const up = await waitForStatus(dataDir, connected, 'connected');
  const workerPid = up.supervisor.workerPid as number;
  workerPids.push(workerPid);
  return { dataDir, configFile, run, up, workerPid };
}

async function waitForOutput(run: Running, pattern: RegExp, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!pattern.test(run.stdout())) {
    if (Date.now() > until) throw new Error(`no ${pattern} on stdout; stdout:\n${run.stdout().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('rport-tray run', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops cleanly on ${signal}: exit 0, the worker gone, the status file says stopped`, async () => {
      const { dataDir, run, workerPid } = await startConnected();
      expect(alive(workerPid)).toBe(true);
      expect(rportd?.clients).toHaveLength(1);
      run.child.kill(signal);
      expect(await run.exited).toEqual({ code: 0, signal: null });
      expect(alive(workerPid)).toBe(false);
      const after = status(dataDir).parsed;
      expect(after).toMatchObject({
        running: false,
        state: 'stopped',
        supervisor: { phase: 'stopped', workerPid: null },
      });
      expect(run.stdout()).toMatch(new RegExp(`INFO +cli: ${signal}: stopping`));
      expect(run.stdout()).toMatch(/INFO +cli: stopped/);
    });
  }

  it('shows the state, server, worker pid and restart record in `status` while running, and logs to a file', async () => {
    const { dataDir, run, up, workerPid: firstPid } = await startConnected();
    expect(up.supervisor.engine?.server?.url).toBe(rportd?.url);
    expect(up.supervisorPid).toBe(run.child.pid);

    process.kill(firstPid, 'SIGKILL');
    const healed = await waitForStatus(
      dataDir,
      (s) => connected(s) && s.supervisor.workerPid !== firstPid,
      'connected again with a new worker',
    );
    workerPids.push(healed.supervisor.workerPid as number);
    expect(healed.supervisor.restarts).toEqual([
      expect.objectContaining({ text: 'worker was killed by signal SIGKILL', count: 1 }),
    ]);

    // The text form, once it shows the connection (a reconnect may be under way on a loaded machine).
    let text = status(dataDir, false);
    for (let i = 0; i < 50 && !/state: +connected/.test(text.out); i++) {
      await new Promise((r) => setTimeout(r, 200));
      text = status(dataDir, false);
    }
    expect(text.code, text.out).toBe(0);
    expect(text.out, text.out).toMatch(/running: +yes \(supervisor pid \d+/);
    expect(text.out, text.out).toMatch(/state: +connected/);
    expect(text.out, text.out).toContain(`server:      ${rportd?.url} (primary)`);
    expect(text.out, text.out).toContain(`worker pid:  ${healed.supervisor.workerPid}`);
    expect(text.out).toMatch(
      /restarts: +1 in total\n +\d{4}-\d\d-\d\dT[\d:.]+Z {2}worker was killed by signal SIGKILL/,
    );

    const logDir = path.join(dataDir, 'logs');
    const logText = readdirSync(logDir)
      .filter((f) => f.endsWith('.log'))
      .map((f) => readFileSync(path.join(logDir, f), 'utf8'))
      .join('');
    expect(logText).toContain('restarting the engine worker: worker was killed by signal SIGKILL');
    expect(run.stdout()).toContain('restarting the engine worker: worker was killed by signal SIGKILL');
    // The password never reaches stdout or the log file.
    expect(logText + run.stdout() + run.stderr()).not.toContain('secret1');
    // The engine keeps writing state.json for external watchdogs.
    const state = JSON.parse(readFileSync(path.join(dataDir, 'state.json'), 'utf8')) as { last_state: string };
    expect(state.last_state).toBe('connected');
  });

  it('leaves no orphan worker when the run process itself is killed with SIGKILL', async () => {
    const { run, workerPid } = await startConnected();
    run.child.kill('SIGKILL');
    await run.exited;
    const until = Date.now() + 10_000;
    while (alive(workerPid) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(alive(workerPid)).toBe(false);
  });

  it('kills the worker at once on a second SIGTERM while the clean stop waits on a hung worker (exit 1)', async () => {
    // A long stop grace: the clean stop alone would wait 30 s for the frozen worker.
    const { run, workerPid } = await startConnected({ stopGraceMs: 30_000 });
    process.kill(workerPid, 'SIGSTOP');
    run.child.kill('SIGTERM');
    await waitForOutput(run, /INFO +cli: SIGTERM: stopping/);
    const secondAt = Date.now();
    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 1, signal: null });
    expect(Date.now() - secondAt).toBeLessThan(5_000);
    expect(run.stdout()).toMatch(/WARN +cli: SIGTERM again: killing the engine worker/);
    const until = Date.now() + 5_000;
    while (alive(workerPid) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(alive(workerPid)).toBe(false);
  });

  it('starts again on SIGHUP once the restart budget is spent and the state is failed', async () => {
    const { dataDir, run, workerPid } = await startConnected({ budget: { burst: 1, intervalMs: 60_000 } });
    process.kill(workerPid, 'SIGKILL');
    const again = await waitForStatus(dataDir, (s) => connected(s) && s.supervisor.workerPid !== workerPid, 'restart');
    workerPids.push(again.supervisor.workerPid as number);
    process.kill(again.supervisor.workerPid as number, 'SIGKILL');
    await waitForStatus(dataDir, (s) => s.supervisor.phase === 'failed', 'failed');

    run.child.kill('SIGHUP');
    const retried = await waitForStatus(dataDir, connected, 'connected after SIGHUP');
    workerPids.push(retried.supervisor.workerPid as number);
    expect(run.stdout()).toMatch(/INFO +cli: SIGHUP: retrying/);
    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
  });

  it('applies a valid hand edit of the config while it runs; an invalid one leaves the last good config running', async () => {
    const { dataDir, configFile, run, workerPid } = await startConnected();
    const before = readFileSync(configFile, 'utf8');

    // Half-written: the engine keeps running on what it had, and the log says why.
    writeFileSync(configFile, before.replace(/keep_alive = "1s"/, 'keep_alive = "soon"'));
    await waitForOutput(run, /ERROR +config: .*changed on disk and has errors/);
    expect(run.stdout()).toMatch(/keeps running on the last good config/);
    expect(status(dataDir).parsed?.supervisor.workerPid).toBe(workerPid);

    // A valid edit moves the client to another server: the status file follows.
    otherRportd = await startTestRportd({ clientLoginWaitMs: 0 });
    const moved = configText(dataDir, {
      server: otherRportd.url,
      fingerprint: otherRportd.fingerprint,
      keepAliveTimeout: '5s',
    });
    writeFileSync(configFile, moved);
    const after = await waitForStatus(
      dataDir,
      (s) => connected(s) && s.supervisor.engine?.server?.url === otherRportd?.url,
      'connected to the server of the edited config',
    );
    workerPids.push(after.supervisor.workerPid as number);
    expect(after.supervisor.workerPid).not.toBe(workerPid);
    expect(run.stdout()).toMatch(/INFO +config: .*changed on disk; restarting the engine with it/);
    expect(otherRportd.clients).toHaveLength(1);
    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
  });

  it('exits 3 with FILE:LINE problems for an invalid config, starting nothing', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'rport-tray-run-'));
    dirs.push(dataDir);
    const configFile = path.join(dataDir, 'rport.conf');
    writeFileSync(configFile, '[client]\nserver = "127.0.0.1:1"\n\n[connection]\nkeep_alive = "soon"\n', {
      mode: 0o600,
    });
    const run = startRun(['--config', configFile]);
    expect((await run.exited).code).toBe(3);
    expect(run.stderr()).toContain(`${configFile}:5: connection.keep_alive:`);
    expect(readdirSync(dataDir)).toEqual(['rport.conf']);
  });
});
