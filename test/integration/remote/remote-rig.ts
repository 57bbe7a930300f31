// One client under test: the real engine with the remote feature set, connected to the test rportd on
// loopback, with a throwaway data_dir. Tests shape the config and the features, then drive the server.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { RportConfig } from '../../../main/shared/types/config-types';
import { defaultConfig } from '../../../main/config/defaults';
import { createEngine, type RportEngine } from '../../../main/engine/engine';
import type { EngineEvent, RemoteActivity } from '../../../main/shared/types/engine-types';
import { createRemoteFeatures, type RemoteFeatureOptions } from '../../../main/engine/remote';
import { startTestRportd, type TestClient, type TestRportd, type TestRportdOptions } from '../../support/rportd';

export interface RemoteRig {
  server: TestRportd;
  engine: RportEngine;
  client: TestClient;
  config: RportConfig;
  dataDir: string;
  activities: RemoteActivity[];
  logs: string[];
  /** Waits for an activity entry matching the predicate. */
  waitForActivity(predicate: (activity: RemoteActivity) => boolean, timeoutMs?: number): Promise<RemoteActivity>;
  close(): Promise<void>;
}

export interface RigOptions {
  configure?: (config: RportConfig, dataDir: string) => void;
  rportd?: TestRportdOptions;
  features?: RemoteFeatureOptions;
  blocked?: boolean;
}

export async function waitFor<T>(
  probe: () => T | undefined | null | false,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function startRemoteRig(options: RigOptions = {}): Promise<RemoteRig> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'rport-remote-'));
  const server = await startTestRportd({
    capabilities: { MonitoringVersion: 0, IPAddressesVersion: 0 },
    ...options.rportd,
  });
  const config = defaultConfig(dataDir, 'linux');
  config.client.server = server.url;
  config.client.fingerprint = server.fingerprint;
  config.client.auth = 'client1:secret1';
  config.client.id = `remote-test-${randomUUID()}`;
  config.client.name = 'remote-test';
  config.connection.keep_alive = 0;
  config.client.updates_interval = 0;
  config.monitoring.enabled = false;
  options.configure?.(config, dataDir);
  const engine = createEngine({
    features: createRemoteFeatures(options.features),
    timings: { backoffMinMs: 200, keepAliveJitterMs: 0, minConnectionLifetimeMs: 0 },
  });
  const activities: RemoteActivity[] = [];
  const logs: string[] = [];
  engine.on((event: EngineEvent) => {
    if (event.type === 'remote-activity') activities.push(event.activity);
    if (event.type === 'log') logs.push(`${event.line.level}: ${event.line.message}`);
  });
  engine.start({
    config,
    configPath: path.join(dataDir, 'rport.conf'),
    sessionId: randomUUID(),
    remoteCommandsBlocked: options.blocked ?? false,
  });
  let client: TestClient;
  try {
    client = await server.waitForClient(undefined, 15_000);
  } catch (error) {
    await engine.stop();
    await server.stop();
    throw new Error(`client did not connect: ${String(error)}\n${logs.join('\n')}`);
  }
  return {
    server,
    engine,
    client,
    config,
    dataDir,
    activities,
    logs,
    waitForActivity: (predicate, timeoutMs = 10_000) =>
      waitFor(() => activities.find(predicate), timeoutMs, 'a remote activity entry'),
    async close() {
      await engine.stop();
      await server.stop();
      // A command still running may finish (and keep its result in data_dir) while this runs.
      await rm(dataDir, { recursive: true, force: true, maxRetries: 10 });
    },
  };
}

/** A run_cmd job as rportd sends it (§5.4). */
export function jobPayload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    jid: randomUUID(),
    status: 'running',
    finished_at: null,
    client_id: 'remote-test',
    client_name: 'remote-test',
    command: '/usr/bin/id',
    cwd: '',
    interpreter: '',
    pid: null,
    started_at: '0001-01-01T00:00:00Z',
    created_by: 'admin',
    timeout_sec: 30,
    multi_job_id: null,
    schedule_id: null,
    error: '',
    result: null,
    is_sudo: false,
    is_script: false,
    stream_result: false,
    ...overrides,
  };
}

export interface FinishedJob {
  jid: string;
  status: string;
  pid: number;
  error: string;
  started_at: string;
  finished_at: string;
  result: { stdout: string; stderr: string; summary: string };
  [key: string]: unknown;
}

/** The cmd_result for one job id (cmd_result arrive in any order). */
export async function waitForCmdResult(client: TestClient, jid: string, timeoutMs = 15_000): Promise<FinishedJob> {
  const found = await waitFor(
    () =>
      client.receivedRequests.find(
        (r) => r.name === 'cmd_result' && (JSON.parse(r.payload.toString('utf8')) as { jid: string }).jid === jid,
      ),
    timeoutMs,
    `cmd_result of ${jid}`,
  );
  if (found.wantReply) throw new Error('cmd_result sent with want_reply=true');
  return JSON.parse(found.payload.toString('utf8')) as FinishedJob;
}

/** The parsed payloads of the client → server requests of one name; each must be want_reply=false. */
export function notifications(rig: RemoteRig, name: string): Record<string, unknown>[] {
  return rig.client.receivedRequests
    .filter((request) => request.name === name)
    .map((request) => {
      if (request.wantReply) throw new Error(`${name} sent with want_reply=true`);
      return JSON.parse(request.payload.toString('utf8')) as Record<string, unknown>;
    });
}

/** Holds one rig per test and closes it afterwards, checking the server saw no protocol violation. */
export function rigPerTest(afterEachHook: (fn: () => Promise<void>) => void): {
  get(): RemoteRig;
  set(rig: RemoteRig): RemoteRig;
} {
  let current: RemoteRig | null = null;
  afterEachHook(async () => {
    const rig = current;
    current = null;
    if (!rig) return;
    const violations = [...rig.server.violations];
    await rig.close();
    if (violations.length > 0) throw new Error(`protocol violations: ${violations.join('; ')}`);
  });
  return {
    get() {
      if (!current) throw new Error('no rig started');
      return current;
    },
    set(rig) {
      current = rig;
      return rig;
    },
  };
}

/** The process and all its descendants (from /proc), so a test can end exactly what a command started. */
export async function processTree(pid: number): Promise<number[]> {
  const { readdir, readFile } = await import('node:fs/promises');
  const parents = new Map<number, number[]>();
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = await readFile(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(name)]);
    } catch {
      // Gone meanwhile.
    }
  }
  const tree: number[] = [];
  const visit = (id: number): void => {
    tree.push(id);
    for (const child of parents.get(id) ?? []) visit(child);
  };
  visit(pid);
  return tree;
}

/** SIGKILLs a command's process and its descendants, by id. */
export async function killProcessTree(pid: number): Promise<void> {
  for (const id of await processTree(pid)) {
    try {
      process.kill(id, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}
