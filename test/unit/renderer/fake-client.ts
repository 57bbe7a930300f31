// A ContractClient for renderer tests: each request answers from a handler the test sets, and the test
// pushes events as the app would.
import {
  CONTRACT_VERSION,
  REQUEST_NAMES,
  type AppStatus,
  type ConfigForm,
  type ContractClient,
  type EventMessage,
  type RequestName,
  type RequestOutcome,
  type RequestResult,
  type Settings,
  type Snapshot,
} from '../../../main/shared/contract';

type Handler = (params: unknown) => RequestOutcome<unknown> | Promise<RequestOutcome<unknown>>;

export interface FakeClient extends ContractClient {
  calls: { name: RequestName; params: unknown }[];
  on<N extends RequestName>(
    name: N,
    handler: (params: unknown) => RequestOutcome<RequestResult<N>> | Promise<RequestOutcome<RequestResult<N>>>,
  ): void;
  push(message: EventMessage): void;
}

export function createFakeClient(): FakeClient {
  const handlers = new Map<RequestName, Handler>();
  const listeners = new Set<(m: EventMessage) => void>();
  const calls: FakeClient['calls'] = [];
  const requests = Object.fromEntries(
    REQUEST_NAMES.map((name) => [
      name,
      async (params?: unknown) => {
        calls.push({ name, params });
        const handler = handlers.get(name);
        if (!handler) return { ok: false, error: { code: 'unavailable', message: `no handler for ${name}` } };
        return handler(params);
      },
    ]),
  );
  return {
    ...(requests as unknown as ContractClient),
    contractVersion: CONTRACT_VERSION,
    calls,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    on(name, handler) {
      handlers.set(name, handler as Handler);
    },
    push(message) {
      for (const l of listeners) l(message);
    },
  };
}

export function appStatus(over: Partial<AppStatus> = {}): AppStatus {
  return {
    state: 'connected',
    message: '',
    engine: {
      state: 'connected',
      message: '',
      server: { index: 0, url: 'ws://primary.example:8080', role: 'primary' },
      servers: [
        {
          index: 0,
          url: 'ws://primary.example:8080',
          role: 'primary',
          lastResult: 'ok',
          lastError: null,
          lastTriedAt: 1000,
          lastLatencyMs: 12,
        },
        {
          index: 1,
          url: 'ws://fallback.example:8080',
          role: 'fallback',
          lastResult: null,
          lastError: null,
          lastTriedAt: null,
          lastLatencyMs: null,
        },
      ],
      connectedSince: 1000,
      lastPingMs: 12,
      retryInMs: null,
      attempt: 0,
      switchbackAt: null,
      lastError: null,
      remoteCommandsBlocked: false,
    },
    supervisor: { phase: 'running', failedReason: null, nextRestartAt: null, restartCount: 0 },
    lastUpdateAt: 1000,
    setupNeeded: false,
    configPath: '/home/me/.config/rport-tray/rport.conf',
    configIssue: null,
    ...over,
  };
}

const off = (reason: string) => ({ available: false, reason });
const on = { available: true, reason: null };

/** Settings as a headless run reports them; `desktop` as the Electron app with a keychain does. */
export function settings(over: Partial<Settings> = {}, mode: 'headless' | 'desktop' = 'headless'): Settings {
  const headless = mode === 'headless';
  return {
    preferences: {
      autoStart: true,
      startHidden: true,
      notifications: { connection: true, remoteActivity: true, configProblems: true },
      iconStyle: 'color',
      theme: 'system',
      useSystemProxy: true,
    },
    capabilities: {
      autoStart: headless ? off('no login items headless') : on,
      startHidden: headless ? off('no window to hide') : on,
      notifications: headless ? off('no notifications headless') : on,
      trayIcon: headless ? off('no tray icon headless') : on,
      keychain: headless ? off('no keychain headless') : on,
      fileDialogs: headless ? off('type the path') : on,
      systemProxy: headless ? off('the environment sets the proxy headless') : on,
    },
    passwordStorage: 'file',
    ...over,
  };
}

export function snapshot(over: Partial<Snapshot> = {}): Snapshot {
  return {
    contractVersion: CONTRACT_VERSION,
    seq: 0,
    app: { name: 'RPort Tray', version: '0.1.0', platform: 'linux', mode: 'headless' },
    status: appStatus(),
    tunnels: [],
    logs: [],
    activity: [],
    timeline: [],
    latency: [],
    settings: settings(),
    ...over,
  };
}

/** The config form of a small valid rport.conf. */
export function sampleForm(over: Partial<ConfigForm> = {}): ConfigForm {
  return {
    'client.server': 'ws://a:1',
    'client.fallback_servers': [],
    'client.server_switchback_interval': '2m',
    'client.fingerprint': '',
    'auth.id': 'client1',
    'auth.password': '',
    'client.proxy': '',
    'client.id': '',
    'client.name': '',
    'client.tags': [],
    'client.remotes': [],
    'client.data_dir': '/data',
    'connection.keep_alive': '3m',
    'connection.keep_alive_timeout': '30s',
    'connection.max_retry_count': -1,
    'connection.watchdog_integration': false,
    'logging.log_level': 'info',
    'logging.log_file': '',
    'remote-commands.enabled': true,
    'remote-scripts.enabled': false,
    'monitoring.enabled': true,
    'file-reception.enabled': true,
    'watchdog.restart_burst': 5,
    'watchdog.restart_interval': '10m',
    'watchdog.restart_backoff_min': '500ms',
    'watchdog.restart_backoff_max': '30s',
    ...over,
  };
}
