// `rport-tray run` as a real process for the watchdog's own tests (a supervisor that can be paused with
// SIGSTOP, an environment with NOTIFY_SOCKET): the test rportd, an rport.conf with short timings, the
// status file read directly. Everything started here is stopped by `close()`.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readStatusFile, type StatusFileContent } from '../../../main/watchdog/status-file';
import type { WatchdogPolicyOverrides } from '../../../main/watchdog/watchdog-policy';
import { startTestRportd, type TestRportd } from '../../support/rportd';
import { alive, configText, TEST_ENGINE_TIMINGS, TEST_POLICY, type ConfigOptions } from './watchdog-harness';

const CLI = path.resolve('bin/rport-tray.js');

export interface RunProcess {
  rportd: TestRportd;
  child: ChildProcess;
  dataDir: string;
  configFile: string;
  stdout(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  status(): StatusFileContent | null;
  waitFor(predicate: (s: StatusFileContent) => boolean, what: string, timeoutMs?: number): Promise<StatusFileContent>;
  waitConnected(timeoutMs?: number): Promise<StatusFileContent>;
  close(): Promise<void>;
}

export async function startRunProcess(
  options: {
    env?: NodeJS.ProcessEnv;
    policy?: WatchdogPolicyOverrides;
    config?: (rportd: TestRportd) => Partial<ConfigOptions>;
  } = {},
): Promise<RunProcess> {
  const rportd = await startTestRportd({ clientLoginWaitMs: 0 });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rport-tray-run-watchdog-'));
  const configFile = path.join(dataDir, 'rport.conf');
  const configOptions: ConfigOptions = {
    server: rportd.url,
    fingerprint: rportd.fingerprint,
    ...options.config?.(rportd),
  };
  writeFileSync(configFile, configText(dataDir, configOptions), { mode: 0o600 });
  const child = spawn(process.execPath, [CLI, 'run', '--config', configFile], {
    env: {
      ...process.env,
      RPORT_TRAY_TEST_FAULTS: '1',
      RPORT_TRAY_TEST_ENGINE_TIMINGS: JSON.stringify(TEST_ENGINE_TIMINGS),
      RPORT_TRAY_TEST_WATCHDOG_POLICY: JSON.stringify(options.policy ?? TEST_POLICY),
      RPORT_TRAY_POLICY: '/nonexistent/policy.toml',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const status = (): StatusFileContent | null => {
    try {
      return readStatusFile(dataDir);
    } catch {
      return null; // between a write and its rename on a slow disk: try again
    }
  };
  const waitFor = async (
    predicate: (s: StatusFileContent) => boolean,
    what: string,
    timeoutMs = 20_000,
  ): Promise<StatusFileContent> => {
    const until = Date.now() + timeoutMs;
    let last: StatusFileContent | null = null;
    while (Date.now() < until) {
      last = status();
      if (last && predicate(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(
      `timed out waiting for ${what}; last status ${JSON.stringify(last?.supervisor)}\n${out.slice(-3000)}`,
    );
  };
  const workers = new Set<number>();
  return {
    rportd,
    child,
    dataDir,
    configFile,
    stdout: () => out,
    exited,
    status,
    waitFor,
    waitConnected: (timeoutMs = 20_000) =>
      waitFor(
        (s) => {
          if (s.supervisor.workerPid !== null) workers.add(s.supervisor.workerPid);
          return s.supervisor.phase === 'running' && s.supervisor.engine?.state === 'connected';
        },
        'connected',
        timeoutMs,
      ),
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGCONT');
        child.kill('SIGKILL');
        await exited;
      }
      for (const pid of workers) if (alive(pid)) process.kill(pid, 'SIGKILL');
      await rportd.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
