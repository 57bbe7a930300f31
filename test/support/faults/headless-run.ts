// `rport-tray run --config FILE [--ui 127.0.0.1:0]` as a user starts it: the built bin as a real process
// with the supervisor and the real engine worker, short test timings through the environment, and its
// stdout and stderr captured for the secret scan. `stop()` ends it (SIGTERM, then SIGKILL) and waits.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { EngineTimings } from '../../../main/engine/engine-timings';

const CLI = path.resolve('bin/rport-tray.js');
const URL_LINE = /web UI at (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]+))/;

export const RUN_ENGINE_TIMINGS: Partial<EngineTimings> = {
  backoffMinMs: 200,
  dialTimeoutMs: 3_000,
  newConnectionReplyTimeoutMs: 3_000,
  keepAliveJitterMs: 100,
  minConnectionLifetimeMs: 300,
};

export function runEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    RPORT_TRAY_TEST_FAULTS: '1',
    RPORT_TRAY_TEST_ENGINE_TIMINGS: JSON.stringify(RUN_ENGINE_TIMINGS),
    // Generous: these tests are about faults outside the engine, not about the watchdog on a busy machine.
    RPORT_TRAY_TEST_WATCHDOG_POLICY: JSON.stringify({ slackMs: 8_000, stopGraceMs: 500, backoff: { initialMs: 200 } }),
    RPORT_TRAY_POLICY: '/nonexistent/policy.toml',
    ...extra,
  };
}

export interface RportConfOptions {
  server: string;
  fallbacks?: string[];
  auth?: string;
  fingerprint?: string;
  dataDir: string;
  id?: string;
  keepAlive?: string;
  keepAliveTimeout?: string;
  maxRetryInterval?: string;
  /** More TOML appended at the end (whole sections). */
  extra?: string;
  /** Extra lines inside [client]. */
  clientExtra?: string[];
}

export function rportConf(o: RportConfOptions): string {
  return [
    '[client]',
    `server = ${JSON.stringify(o.server)}`,
    `fallback_servers = ${JSON.stringify(o.fallbacks ?? [])}`,
    `auth = ${JSON.stringify(o.auth ?? 'client1:secret1')}`,
    ...(o.fingerprint ? [`fingerprint = ${JSON.stringify(o.fingerprint)}`] : []),
    `data_dir = ${JSON.stringify(o.dataDir)}`,
    `id = ${JSON.stringify(o.id ?? 'fault-suite-client')}`,
    'updates_interval = "0"',
    ...(o.clientExtra ?? []),
    '',
    '[connection]',
    `keep_alive = ${JSON.stringify(o.keepAlive ?? '1s')}`,
    `keep_alive_timeout = ${JSON.stringify(o.keepAliveTimeout ?? '5s')}`,
    `max_retry_interval = ${JSON.stringify(o.maxRetryInterval ?? '1s')}`,
    'watchdog_integration = true',
    '',
    '[monitoring]',
    'enabled = false',
    '',
    o.extra ?? '',
  ].join('\n');
}

export function writeConf(file: string, text: string): void {
  writeFileSync(file, text, { mode: 0o600 });
}

export interface HeadlessRun {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** With --ui: the printed URL (with the token), port and token. */
  ui: { url: string; port: number; token: string; origin: string } | null;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
  /** `promise`, unless the process exits first (then a rejection with its output). */
  guard<T>(promise: Promise<T>): Promise<T>;
  /** Resolves when stdout has a line matching `pattern` (already printed or still to come). */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function startHeadlessRun(
  configFile: string,
  options: { ui?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<HeadlessRun> {
  const args = [CLI, 'run', '--config', configFile, ...(options.ui ? ['--ui', '127.0.0.1:0'] : [])];
  const child = spawn(process.execPath, args, { env: runEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    for (const l of [...listeners]) l();
  });
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const alive = (): boolean => child.exitCode === null && child.signalCode === null;
  const waitForOutput = (pattern: RegExp, timeoutMs = 20_000): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const m = pattern.exec(out);
        if (m) {
          done();
          resolve(m[0]);
        } else if (!alive()) {
          done();
          reject(new Error(`rport-tray run exited before printing ${pattern}; stdout:\n${out}\nstderr:\n${err}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new Error(`no ${pattern} on stdout within ${timeoutMs} ms; stdout:\n${out.slice(-3000)}\nstderr:\n${err}`),
        );
      }, timeoutMs);
      const poll = setInterval(check, 200);
      const done = (): void => {
        clearTimeout(timer);
        clearInterval(poll);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });
  const run: HeadlessRun = {
    child,
    stdout: () => out,
    stderr: () => err,
    ui: null,
    exited,
    alive,
    waitForOutput,
    guard: <T>(promise: Promise<T>) =>
      Promise.race([
        promise,
        exited.then(({ code, signal }) => {
          throw new Error(`rport-tray run exited (${code ?? signal}); stdout:\n${out.slice(-3000)}\nstderr:\n${err}`);
        }),
      ]),
    async stop() {
      if (alive()) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        const result = await exited;
        clearTimeout(timer);
        return result;
      }
      return exited;
    },
  };
  if (options.ui) {
    try {
      await waitForOutput(URL_LINE, 30_000);
    } catch (e) {
      await run.stop();
      throw e;
    }
    const m = URL_LINE.exec(out) as RegExpExecArray;
    const port = Number(m[2]);
    run.ui = { url: m[1] ?? '', port, token: m[3] ?? '', origin: `http://127.0.0.1:${port}` };
  }
  return run;
}
