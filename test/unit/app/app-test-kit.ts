// Shared pieces for the app core tests: a supervisor stand-in that records what it is asked and emits
// what a test tells it to, engine status builders, and a core over the real config service in a temp dir.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ConnectionTestReport, EventMessage, ImportCandidate } from '../../../main/shared/contract';
import { AppCore } from '../../../main/app/core/app-core';
import type {
  FileDialogs,
  RemoteCommandsPort,
  SupervisorHandle,
  SupervisorRunOptions,
} from '../../../main/app/core/app-ports';
import { configImportPort } from '../../../main/app/import/config-import';
import { loadConf } from '../../../main/config/preferences';
import { HeadlessSettings } from '../../../main/app/settings/headless-settings';
import { serviceKeychain } from '../../../main/app/passwords/keychain-port';
import { ConfigService } from '../../../main/config/config-service';
import { MemorySecretStore } from '../../../main/config/secret-store';
import type { EngineStatus, ServerRef } from '../../../main/shared/types/engine-types';
import type { SupervisorEvent, SupervisorStatus } from '../../../main/watchdog/supervisor-types';

export const PASSWORD = 'Sup3r-Secret-Pa55';

export const sampleConfig = (server = 'ws://127.0.0.1:9999', extra = ''): string =>
  [
    '# my rport client',
    '[client]',
    `  # the server we use`,
    `  server = "${server}"   # primary`,
    '  fallback_servers = ["ws://127.0.0.1:9998"]',
    `  auth = "client1:${PASSWORD}"`,
    '  fingerprint = "aa:bb"',
    '',
    '[connection]',
    "  keep_alive = '1s'  # short for tests",
    extra,
    '',
  ].join('\n');

export class FakeSupervisor implements SupervisorHandle {
  readonly calls: string[] = [];
  private readonly listeners = new Set<(event: SupervisorEvent) => void>();

  constructor(readonly options: SupervisorRunOptions) {}

  async start() {
    this.calls.push('start');
  }
  async stop() {
    this.calls.push('stop');
  }
  pause() {
    this.calls.push('pause');
  }
  resume() {
    this.calls.push('resume');
  }
  switchServer(index: number) {
    this.calls.push(`switch:${index}`);
  }
  restart() {
    this.calls.push('restart');
  }
  retry() {
    this.calls.push('retry');
  }
  onEvent(listener: (event: SupervisorEvent) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(event: SupervisorEvent) {
    for (const listener of this.listeners) listener(event);
  }
  get listenerCount() {
    return this.listeners.size;
  }
}

/** A supervisor that can also apply a config change to its running engine (what the real one does). */
export class LiveFakeSupervisor extends FakeSupervisor {
  readonly applied: SupervisorRunOptions['config'][] = [];
  applyConfig(config: SupervisorRunOptions['config']) {
    this.calls.push('applyConfig');
    this.applied.push(config);
  }
}

export const servers: ServerRef[] = [
  { index: 0, url: 'ws://127.0.0.1:9999', role: 'primary' },
  { index: 1, url: 'ws://127.0.0.1:9998', role: 'fallback' },
];

export function engineStatus(over: Partial<EngineStatus> = {}): EngineStatus {
  return {
    state: 'connected',
    message: '',
    server: servers[0] ?? null,
    servers: servers.map((s) => ({ ...s, lastResult: null, lastError: null, lastTriedAt: null, lastLatencyMs: null })),
    connectedSince: 1_000,
    lastPingMs: null,
    retryInMs: null,
    attempt: 0,
    switchbackAt: null,
    lastError: null,
    remoteCommandsBlocked: false,
    ...over,
  };
}

export function supervisorStatus(over: Partial<SupervisorStatus> = {}): SupervisorStatus {
  return { phase: 'running', workerPid: 123, failedReason: null, restarts: [], nextRestartAt: null, ...over };
}

export interface Harness {
  dir: string;
  file: string;
  core: AppCore;
  supervisors: FakeSupervisor[];
  messages: EventMessage[];
  tester: { report: ConnectionTestReport; calls: number };
  service: ConfigService;
  /** The keychain behind the core, when the harness has one. */
  secrets: MemorySecretStore | null;
  readonly supervisor: FakeSupervisor;
  cleanup(): Promise<void>;
}

export const okReport: ConnectionTestReport = {
  ok: true,
  steps: (['dns', 'tcp', 'websocket', 'ssh', 'fingerprint', 'auth'] as const).map((step) => ({
    step,
    status: 'ok' as const,
    detail: 'ok',
    durationMs: 1,
  })),
  failedStep: null,
  message: 'connected and authenticated',
  serverFingerprint: 'aa:bb:cc',
};

export interface HarnessOptions {
  policy?: string;
  /** An in-memory keychain (Electron's safeStorage stand-in); without it the keychain is unavailable. */
  keychain?: boolean;
  /** Native dialogs (Electron); without them the core behaves as headless. */
  dialogs?: FileDialogs;
  importCandidates?: ImportCandidate[];
  /** Where "Block remote commands" goes (the run composition's in the product). */
  remoteCommands?: RemoteCommandsPort;
  /** Supervisors that apply a config change live (LiveFakeSupervisor), as the real ones do. */
  liveConfig?: boolean;
}

/** A core over the real ConfigService in a temp dir; `text: null` starts without a config file. */
export async function createHarness(text: string | null, options: HarnessOptions = {}): Promise<Harness> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rport-tray-app-'));
  const file = path.join(dir, 'rport.conf');
  if (text !== null) writeFileSync(file, text, { mode: 0o600 });
  let policyPath: string | null = null;
  if (options.policy) {
    policyPath = path.join(dir, 'policy.toml');
    writeFileSync(policyPath, options.policy);
  }
  const secrets = options.keychain ? new MemorySecretStore() : null;
  const service = new ConfigService({
    file,
    defaultDataDir: path.join(dir, 'data'),
    policyPath,
    ...(secrets ? { secretStore: secrets } : {}),
  });
  await service.load();
  const supervisors: FakeSupervisor[] = [];
  const tester = { report: okReport, calls: 0 };
  let clock = 10_000;
  const core = new AppCore({
    configPath: file,
    mode: 'headless',
    config: service.port(),
    createSupervisor: (opts) => {
      const s = options.liveConfig ? new LiveFakeSupervisor(opts) : new FakeSupervisor(opts);
      supervisors.push(s);
      return s;
    },
    testConnection: async () => {
      tester.calls += 1;
      return tester.report;
    },
    defaultDataDir: path.join(dir, 'data'),
    now: () => (clock += 10),
    settings: new HeadlessSettings(path.join(dir, 'data'), await loadConf()),
    keychain: serviceKeychain(service),
    imports: configImportPort({
      defaultDataDir: path.join(dir, 'data'),
      policyPath,
      candidates: async () => options.importCandidates ?? [],
    }),
    ...(options.dialogs ? { dialogs: options.dialogs } : {}),
    ...(options.remoteCommands ? { remoteCommands: options.remoteCommands } : {}),
  });
  const messages: EventMessage[] = [];
  core.onEvent((m) => messages.push(m));
  await core.start();
  return {
    dir,
    file,
    core,
    supervisors,
    messages,
    tester,
    service,
    secrets,
    get supervisor() {
      const last = supervisors[supervisors.length - 1];
      if (!last) throw new Error('no supervisor was created');
      return last;
    },
    async cleanup() {
      await core.stop();
      service.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function progress(
  status: EngineStatus,
  kind: 'connected' | 'ping' | 'retry' | 'paused' = 'connected',
  at = 5_000,
): SupervisorEvent {
  return { type: 'engine', event: { type: 'progress', kind, status, at } };
}

/** The value of an outcome that must be ok; a failed one fails the test with its message. */
export const ok = <T>(outcome: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!outcome.ok) throw new Error(`expected ok, got ${outcome.error.message}`);
  return outcome.value;
};
