// Real processes for the watchdog tests: the test rportd on loopback, an rport.conf with short timings
// loaded by the real config loader, and a supervisor forking the real engine worker bundle
// (dist/engine-worker.cjs) with test faults enabled. Everything started here is stopped by `close()`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../main/config/load-config';
import type { EngineTimings } from '../../../main/engine/engine-timings';
import { engineTimingFacts } from '../../../main/watchdog/engine-timing-facts';
import { createForkWorkerHost } from '../../../main/watchdog/fork-worker-host';
import { createSupervisor } from '../../../main/watchdog/supervisor';
import type {
  RestartRecord,
  Supervisor,
  SupervisorEvent,
  SupervisorStatus,
} from '../../../main/watchdog/supervisor-types';
import type { WatchdogPolicyOverrides } from '../../../main/watchdog/watchdog-policy';
import { startTestRportd, type TestRportd } from '../../support/rportd';

export const WORKER_BUNDLE = path.resolve('dist/engine-worker.cjs');

/** Engine timings for tests: a fast back-off, short dials and little keep-alive jitter. */
export const TEST_ENGINE_TIMINGS: Partial<EngineTimings> = {
  backoffMinMs: 300,
  dialTimeoutMs: 2_000,
  newConnectionReplyTimeoutMs: 2_000,
  keepAliveJitterMs: 200,
  minConnectionLifetimeMs: 300,
};

/** Watchdog policy for tests; with keep_alive 1s + timeout 1s the connected deadline is 4.7 s. */
export const TEST_POLICY: WatchdogPolicyOverrides = {
  slackMs: 2_500,
  startupTimeoutMs: 8_000,
  stopGraceMs: 500,
  backoff: { initialMs: 200, factor: 2, maxMs: 2_000 },
  budget: { burst: 3, intervalMs: 60_000 },
};

export interface ConfigOptions {
  server: string;
  fallbacks?: string[];
  fingerprint: string;
  /** Go duration; default 1s. */
  keepAlive?: string;
  /** Go duration; default 1s. */
  keepAliveTimeout?: string;
  extra?: string;
}

export function configText(dataDir: string, o: ConfigOptions): string {
  return [
    '[client]',
    `server = ${JSON.stringify(o.server)}`,
    `fallback_servers = ${JSON.stringify(o.fallbacks ?? [])}`,
    'auth = "client1:secret1"',
    `fingerprint = ${JSON.stringify(o.fingerprint)}`,
    `data_dir = ${JSON.stringify(dataDir)}`,
    'id = "watchdog-test-client"',
    '',
    '[connection]',
    `keep_alive = ${JSON.stringify(o.keepAlive ?? '1s')}`,
    `keep_alive_timeout = ${JSON.stringify(o.keepAliveTimeout ?? '1s')}`,
    'max_retry_interval = "2s"',
    'watchdog_integration = true',
    '',
    '[monitoring]',
    'enabled = false',
    o.extra ?? '',
  ].join('\n');
}

export interface Harness {
  rportd: TestRportd;
  supervisor: Supervisor;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  events: SupervisorEvent[];
  restarts(): RestartRecord[];
  /** Resolves with the first status the predicate accepts (checks the current one first). */
  waitForStatus(
    predicate: (s: SupervisorStatus) => boolean,
    timeoutMs: number,
    what: string,
  ): Promise<SupervisorStatus>;
  /** Connected per the supervisor AND the test rportd lists the client. */
  waitConnected(timeoutMs?: number): Promise<SupervisorStatus>;
  close(): Promise<void>;
}

export async function startHarness(
  options: {
    policy?: WatchdogPolicyOverrides;
    env?: NodeJS.ProcessEnv;
    config?: (rportd: TestRportd, dataDir: string) => ConfigOptions;
  } = {},
): Promise<Harness> {
  const rportd = await startTestRportd({ clientLoginWaitMs: 0 });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rport-tray-watchdog-'));
  const file = path.join(dataDir, 'rport.conf');
  const configOptions = options.config?.(rportd, dataDir) ?? { server: rportd.url, fingerprint: rportd.fingerprint };
  writeFileSync(file, configText(dataDir, configOptions), { mode: 0o600 });
  const loaded = await loadConfig(file, { defaultDataDir: dataDir, policyPath: null });
  if (!loaded.ok) throw new Error(`test config invalid: ${JSON.stringify(loaded.problems)}`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RPORT_TRAY_TEST_FAULTS: '1',
    RPORT_TRAY_TEST_ENGINE_TIMINGS: JSON.stringify(TEST_ENGINE_TIMINGS),
    ...options.env,
  };
  const supervisor = createSupervisor({
    host: createForkWorkerHost({ entry: WORKER_BUNDLE, env }),
    engineTiming: engineTimingFacts(TEST_ENGINE_TIMINGS),
    policy: options.policy ?? TEST_POLICY,
  });
  const events: SupervisorEvent[] = [];
  const waiters = new Set<() => void>();
  supervisor.on((event) => {
    events.push(event);
    for (const w of [...waiters]) w();
  });

  const waitForStatus = (
    predicate: (s: SupervisorStatus) => boolean,
    timeoutMs: number,
    what: string,
  ): Promise<SupervisorStatus> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const status = supervisor.status();
        if (predicate(status)) {
          done();
          resolve(status);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new Error(
            `timed out after ${timeoutMs} ms waiting for ${what}; status ${JSON.stringify(brief(supervisor.status()))}`,
          ),
        );
      }, timeoutMs);
      // Also poll: the test rportd's client list changes without a supervisor event.
      const poll = setInterval(check, 50);
      const done = (): void => {
        clearTimeout(timer);
        clearInterval(poll);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });

  const harness: Harness = {
    rportd,
    supervisor,
    dataDir,
    env,
    events,
    restarts: () => events.flatMap((e) => (e.type === 'restart' ? [e.record] : [])),
    waitForStatus,
    waitConnected: (timeoutMs = 20_000) =>
      waitForStatus(
        (s) =>
          s.phase === 'running' &&
          s.engine?.state === 'connected' &&
          rportd.clients.some((c) => c.connectionRequest?.ID === 'watchdog-test-client'),
        timeoutMs,
        'connected',
      ),
    async close() {
      await supervisor.stop().catch(() => undefined);
      supervisor.dispose();
      await rportd.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  supervisor.start({ config: loaded.config, configPath: file, lockedKeys: loaded.lockedKeys });
  return harness;
}

export function brief(s: SupervisorStatus): object {
  return {
    phase: s.phase,
    pid: s.workerPid,
    state: s.engine?.state ?? null,
    message: s.engine?.message ?? null,
    restarts: s.restarts.map((r) => r.text),
    failedReason: s.failedReason,
  };
}

/** True while a process with this pid exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
