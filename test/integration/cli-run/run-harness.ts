// `rport-tray run` as real processes for the tests of its edges: a fresh test rportd and config per test,
// runs started from bin/rport-tray.js with short engine and watchdog timings, `rport-tray status` and
// other commands as separate processes, and everything stopped by `cleanup()` (runs, worker pids, servers,
// folders).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestRportd, type TestRportd } from '../../support/rportd';
import { alive, configText, TEST_ENGINE_TIMINGS, type ConfigOptions } from '../watchdog/watchdog-harness';

export const CLI = path.resolve('bin/rport-tray.js');

export interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface StatusJson {
  running: boolean;
  state: string;
  supervisorPid: number;
  logFile: string;
  liveLogFile: string | null;
  webUi: string | null;
  supervisor: {
    phase: string;
    workerPid: number | null;
    engine: { state: string; server: { url: string } | null } | null;
    restarts: { text: string; count: number }[];
  };
}

export class RunHarness {
  readonly runs: Running[] = [];
  readonly servers: TestRportd[] = [];
  readonly workerPids: number[] = [];
  private readonly dirs: string[] = [];

  /** A folder of its own: HOME-like data folder for the default config (XDG_DATA_HOME) and test files. */
  readonly root = mkdtempSync(path.join(tmpdir(), 'rport-tray-run-edges-'));

  constructor() {
    this.dirs.push(this.root);
  }

  env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return {
      ...process.env,
      XDG_DATA_HOME: path.join(this.root, 'xdg'),
      RPORT_TRAY_TEST_FAULTS: '1',
      RPORT_TRAY_TEST_ENGINE_TIMINGS: JSON.stringify(TEST_ENGINE_TIMINGS),
      RPORT_TRAY_TEST_WATCHDOG_POLICY: JSON.stringify({
        slackMs: 5_000,
        stopGraceMs: 500,
        backoff: { initialMs: 200 },
      }),
      RPORT_TRAY_POLICY: '/nonexistent/policy.toml',
      ...extra,
    };
  }

  async rportd(): Promise<TestRportd> {
    const server = await startTestRportd({ clientLoginWaitMs: 0 });
    this.servers.push(server);
    return server;
  }

  /** A data dir with an rport.conf for `server` (a generous ping timeout: the tests are not about pings). */
  config(server: TestRportd, options: Partial<ConfigOptions> = {}): { dataDir: string; configFile: string } {
    const dataDir = mkdtempSync(path.join(this.root, 'data-'));
    const configFile = path.join(dataDir, 'rport.conf');
    writeFileSync(configFile, this.configText(dataDir, server, options), { mode: 0o600 });
    return { dataDir, configFile };
  }

  configText(dataDir: string, server: TestRportd, options: Partial<ConfigOptions> = {}): string {
    return configText(dataDir, {
      server: server.url,
      fingerprint: server.fingerprint,
      keepAliveTimeout: '5s',
      ...options,
    });
  }

  run(args: string[], env: NodeJS.ProcessEnv = {}): Running {
    const child = spawn(process.execPath, [CLI, 'run', ...args], {
      env: this.env(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    const running = { child, stdout: () => out, stderr: () => err, exited };
    this.runs.push(running);
    return running;
  }

  /** Another command of the CLI, as a process. */
  cli(args: string[]): { code: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 30_000, env: this.env() });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  status(dataDir: string): StatusJson | null {
    const r = this.cli(['status', '--data-dir', dataDir, '--json']);
    return r.code === 0 ? (JSON.parse(r.stdout) as StatusJson) : null;
  }

  async waitForStatus(dataDir: string, predicate: (s: StatusJson) => boolean, what: string, timeoutMs = 30_000) {
    const until = Date.now() + timeoutMs;
    let last: StatusJson | null = null;
    while (Date.now() < until) {
      last = this.status(dataDir);
      if (last && predicate(last)) {
        if (last.supervisor.workerPid !== null) this.workerPids.push(last.supervisor.workerPid);
        return last;
      }
      await sleep(200);
    }
    const logs = this.runs.map((r) => r.stdout().slice(-2000) + r.stderr()).join('\n---\n');
    throw new Error(`timed out waiting for ${what}; last status ${JSON.stringify(last)}; runs:\n${logs}`);
  }

  async waitForOutput(run: Running, pattern: RegExp, timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!pattern.test(run.stdout())) {
      if (Date.now() > until) throw new Error(`no ${pattern} on stdout; stdout:\n${run.stdout().slice(-3000)}`);
      await sleep(100);
    }
  }

  async cleanup(): Promise<void> {
    for (const run of this.runs.splice(0)) {
      if (run.child.exitCode === null && run.child.signalCode === null) {
        run.child.kill('SIGKILL');
        await run.exited;
      }
    }
    for (const pid of this.workerPids.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
    for (const server of this.servers.splice(0)) await server.stop();
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

export const connected = (s: StatusJson): boolean =>
  s.running && s.state === 'connected' && s.supervisor.workerPid !== null;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
