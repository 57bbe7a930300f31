// The tunnel engine: keeps one connection to rportd alive the way the Go client's connectionLoop does
// (docs/protocol.md §3, §6): dial the primary then each fallback, send `new_connection` once, keep it
// alive with pings, reconnect with jittered back-off, switch back to the primary from a fallback, and
// report every real step as an event. The supervisor's watchdog treats those events as heartbeats, so
// nothing here emits progress from a timer of its own.
import { mkdir } from 'node:fs/promises';
import { joinHostPort, type RemoteObject } from '../config/rules/remotes';
import { formatGoDuration } from '../shared/go/duration';
import { Backoff } from './backoff';
import { loadClientAttributes } from './client-attributes';
import { identityOf, newConnectionRequest, readNewConnectionReply } from './new-connection';
import { DialError, dialServer, proxyForDial, type RportTransport } from './dial';
import { StaggeredDialAborted, staggeredDial } from './staggered-dial';
import { proxyLabel } from './proxy-choice';
import { prepareRun, type PreparedRun } from './engine-prepare';
import { resolveTimings, type EngineTimings } from './engine-timings';
import type {
  Engine,
  EngineEvent,
  EngineStartOptions,
  EngineStatus,
  LogLevelName,
  ProgressKind,
  RemoteActivity,
  ServerRef,
  TunnelInfo,
} from '../shared/types/engine-types';
import { startKeepAlive } from './keep-alive';
import { isTunnelStartRefusal, PreviousSessions, RESUME_DEFERRED_TEXT } from './previous-sessions';
import { applyLiveConfig } from './live-config';
import type { RportConfig } from '../shared/types/config-types';
import { createRequestDispatcher, type ServerRequestDispatch } from './request-dispatcher';
import { DataDirHealth, describeFsError, type DataDirTransition } from './data-dir-health';
import { RequestTimeoutError, RportSession } from './rport-session';
import type {
  ClientAttributes,
  EngineFeatureSet,
  FeatureContext,
  ServerCapabilities,
  SessionFeatureHandle,
} from './server-session';
import { loadSsh2 } from './ssh2-hooks';
import { StateFileWriter, type WatchdogState } from './state-file';
import { collectStaticSystemInfo, type StaticSystemInfo } from './system-info';
import { handleRportChannel } from './tunnel-manager';
import { TunnelRegistry } from './tunnel-registry';

export interface CreateEngineOptions {
  /** Request handlers and per-connection features (remote commands, uploads, monitoring, …). */
  features?: EngineFeatureSet;
  /** Shorter timings for tests; the defaults are the protocol's. */
  timings?: Partial<EngineTimings>;
  /**
   * Tests only: extra CA certificates trusted for wss:// (the product trusts Node's store, plus
   * NODE_EXTRA_CA_CERTS, like the Go client trusts the system store).
   */
  tlsCa?: string | Buffer | Array<string | Buffer>;
  /** Tests only: the random source for back-off and keep-alive jitter. */
  random?: () => number;
}

/** The engine as created here: the shared Engine API plus what tests and the worker entry need. */
export interface RportEngine extends Engine {
  updateConfig(config: RportConfig): void;
  /** Open tunnels right now. */
  tunnels(): TunnelInfo[];
  /**
   * Test fault `stall`: keep running but make no progress at all (no reconnects, no pings, no events).
   * Throws unless the process runs with RPORT_TRAY_TEST_FAULTS=1 (only the worker entry calls it).
   */
  injectFault(fault: 'stall'): void;
}

const NO_FEATURES: EngineFeatureSet = { requestHandlers: {}, sessionFeatures: [] };

/** The status fields of a run that has not connected yet (the engine's start, and every new run). */
const NO_CONNECTION = {
  message: '',
  server: null,
  connectedSince: null,
  lastPingMs: null,
  retryInMs: null,
  attempt: 0,
  switchbackAt: null,
  lastError: null,
} as const satisfies Partial<EngineStatus>;

export function createEngine(options: CreateEngineOptions = {}): RportEngine {
  return new TunnelEngine(options);
}

interface Handover {
  transport: RportTransport;
  server: PreparedRun['servers'][number];
  /** A server the user chose explicitly: no switchback while on it. */
  pinned: boolean;
}

interface LiveConnection {
  session: RportSession;
  server: PreparedRun['servers'][number];
  pinned: boolean;
  /** Set by switchback/switch-server before closing this connection: the loop continues with it. */
  handover: Handover | null;
  stopTimers: Array<() => void>;
  features: SessionFeatureHandle[];
  abort: AbortController;
}

interface RunContext {
  abort: AbortController;
  prepared: PreparedRun | null;
  done: Promise<void>;
  current: LiveConnection | null;
  preferIndex: number | null;
  wake: (() => void) | null;
  /** The last accepted session per server, to resume only once rportd has let go of it (§3.5). */
  previous: PreviousSessions;
}

type ConnectionOutcome =
  { kind: 'failed'; error: Error } | { kind: 'ended'; handover: Handover | null; livedMs: number };

class AbortedError extends Error {
  constructor() {
    super('aborted');
    this.name = 'AbortedError';
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function fsErrorText(error: unknown): string {
  return error instanceof Error ? describeFsError(error) : String(error);
}

class TunnelEngine implements RportEngine {
  private readonly listeners = new Set<(event: EngineEvent) => void>();
  private readonly timings: EngineTimings;
  private readonly features: EngineFeatureSet;
  private readonly random: () => number;
  private readonly registry: TunnelRegistry;
  private options: EngineStartOptions | null = null;
  private run: RunContext | null = null;
  /** The last run's completion, so a new run never overlaps the teardown of the previous one. */
  private lastRunDone: Promise<void> = Promise.resolve();
  private stalled = false;
  private attributes: ClientAttributes = { tags: [], labels: {} };
  private stateFile: StateFileWriter | null = null;
  private readonly dataDirHealth = new DataDirHealth();
  private systemInfo: Promise<StaticSystemInfo> | null = null;
  private logLevel: 'error' | 'info' | 'debug' = 'info';
  private currentRedact: (text: string) => string = (t) => t;
  private readonly state: EngineStatus = {
    ...NO_CONNECTION,
    state: 'stopped',
    servers: [],
    remoteCommandsBlocked: false,
    dataDirProblem: null,
  };

  constructor(private readonly createOptions: CreateEngineOptions) {
    this.timings = resolveTimings(createOptions.timings);
    this.features = createOptions.features ?? NO_FEATURES;
    this.random = createOptions.random ?? Math.random;
    this.registry = new TunnelRegistry((event) => this.emit(event), this.timings.tunnelUpdateIntervalMs);
  }

  // ---- public API ----------------------------------------------------------------------------

  start(options: EngineStartOptions): void {
    // Fails loudly (synchronously) if the ssh2 internals the hooks patch are not the verified ones.
    loadSsh2();
    this.run?.abort.abort();
    this.options = options;
    this.state.remoteCommandsBlocked = options.remoteCommandsBlocked ?? this.state.remoteCommandsBlocked;
    this.logLevel = options.config.logging.log_level;
    this.beginRun(options, this.lastRunDone, 'started');
  }

  async stop(): Promise<void> {
    const run = this.run;
    this.run = null;
    if (run) {
      run.abort.abort();
      await run.done;
    }
    await this.stateFile?.flush();
    await this.features
      .flush?.()
      .catch((error: unknown) => this.log('error', `feature flush failed: ${errorText(error)}`));
    this.setState({ state: 'stopped', server: null, connectedSince: null, retryInMs: null, switchbackAt: null });
    this.emitProgress('stopped');
  }

  pause(): void {
    const run = this.run;
    // Paused means no run: pause() clears it, and every new run leaves `paused` at once (beginRun).
    if (!run) return;
    this.run = null;
    run.abort.abort();
    this.setState({
      state: 'paused',
      message: 'Paused',
      server: null,
      connectedSince: null,
      retryInMs: null,
      switchbackAt: null,
    });
    this.log('info', 'Paused by the user');
    this.emitProgress('paused');
  }

  resume(): void {
    if (this.state.state !== 'paused' || !this.options) return;
    this.log('info', 'Resumed by the user');
    this.beginRun(this.options, this.lastRunDone, 'resumed');
  }

  switchServer(index: number): void {
    const run = this.run;
    const prepared = run?.prepared;
    if (!run || !prepared) return;
    const server = prepared.servers[index];
    if (!server) {
      this.log('error', `switch server: there is no server ${index}`);
      return;
    }
    const live = run.current;
    if (!live) {
      run.preferIndex = index;
      run.wake?.();
      return;
    }
    if (live.server.index === index) {
      live.pinned = index !== 0;
      return;
    }
    this.log('info', `Switching to ${server.url} on request`);
    this.emitProgress('dialing');
    this.dial(prepared, server, live.abort.signal).then(
      (transport) => {
        // live.abort is aborted only once the connection has closed (runConnection's finally).
        if (live.session.closed) {
          transport.close();
          return;
        }
        live.handover = { transport, server, pinned: index !== 0 };
        live.session.close();
      },
      (error: unknown) => {
        if (!live.abort.signal.aborted) this.log('error', `Switch to ${server.url} failed: ${errorText(error)}`);
      },
    );
  }

  setRemoteCommandsBlocked(blocked: boolean): void {
    this.state.remoteCommandsBlocked = blocked;
  }

  /** A config change that needs no new connection (live-config.ts); open tunnels are not touched. */
  updateConfig(config: RportConfig): void {
    if (!this.options) return;
    this.options = { ...this.options, config };
    this.logLevel = config.logging.log_level;
    const run = this.run;
    if (run && !run.prepared) {
      // Not connected yet: start the run over on the new config (nothing open to cut).
      run.abort.abort();
      this.beginRun(this.options, run.done, 'started');
      return;
    }
    const prepared = run?.prepared ?? null;
    applyLiveConfig(
      {
        current: prepared?.config ?? null,
        adopt: (effective) => {
          if (prepared) prepared.config = effective;
        },
        restartSessionFeatures: () => {
          const live = run?.current;
          if (!prepared || !live || live.session.closed) return;
          this.stopSessionFeatures(live);
          this.startSessionFeatures(prepared, live);
        },
        log: (level, message) => this.log(level, message),
      },
      config,
    );
  }

  status(): EngineStatus {
    return structuredClone(this.state);
  }

  on(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  tunnels(): TunnelInfo[] {
    return this.registry.list();
  }

  injectFault(fault: 'stall'): void {
    if (process.env.RPORT_TRAY_TEST_FAULTS !== '1')
      throw new Error('test faults are disabled (RPORT_TRAY_TEST_FAULTS is not 1)');
    if (fault !== 'stall') throw new Error(`unknown engine fault ${String(fault)}`);
    this.stalled = true;
    const live = this.run?.current;
    if (live) for (const stop of live.stopTimers.splice(0)) stop();
  }

  // ---- events, state, logs -------------------------------------------------------------------

  private emit(event: EngineEvent): void {
    if (this.stalled) return;
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A listener's failure must not break the engine.
      }
    }
  }

  private emitProgress(kind: ProgressKind): void {
    this.emit({ type: 'progress', kind, status: this.status(), at: Date.now() });
  }

  private setState(patch: Partial<EngineStatus>): void {
    Object.assign(this.state, patch);
  }

  private log(level: LogLevelName, message: string): void {
    if (level === 'debug' && this.logLevel !== 'debug') return;
    if (level === 'info' && this.logLevel === 'error') return;
    this.emit({ type: 'log', line: { at: Date.now(), level, source: 'engine', message: this.currentRedact(message) } });
  }

  /**
   * A data_dir problem started, changed or cleared: log it once (not once per failed write), show it in
   * the status and announce the new status (unless the caller's own progress event follows anyway).
   */
  private dataDirChanged(transition: DataDirTransition, dataDir: string, announce = true): void {
    if (!transition) return;
    this.setState({ dataDirProblem: this.dataDirHealth.problem });
    if (transition.kind === 'cleared') {
      this.log('info', `data_dir ${JSON.stringify(dataDir)} is usable again (was: ${transition.previous})`);
    } else {
      this.log('error', `${transition.problem} (the client keeps running; logged again only when this changes)`);
    }
    if (announce && this.run) this.emitProgress('data-dir');
  }

  private writeStateFile(state: WatchdogState, message: string): void {
    if (this.stalled) return;
    void this.stateFile?.write(state, message);
  }

  private serverRef(server: ServerRef): ServerRef {
    return { index: server.index, url: server.url, role: server.role };
  }

  private updateServer(index: number, patch: Partial<EngineStatus['servers'][number]>): void {
    const entry = this.state.servers[index];
    if (entry) Object.assign(entry, patch);
  }

  // ---- the run loop --------------------------------------------------------------------------

  private beginRun(options: EngineStartOptions, after: Promise<void>, kind: ProgressKind): void {
    const abort = new AbortController();
    const run: RunContext = {
      abort,
      prepared: null,
      done: Promise.resolve(),
      current: null,
      preferIndex: null,
      wake: null,
      previous: new PreviousSessions(),
    };
    this.run = run;
    this.setState({ ...NO_CONNECTION, state: 'initialized' });
    run.done = after
      .then(() => this.runLoop(run, options, kind))
      .catch((error: unknown) => {
        this.log('error', `engine loop failed: ${errorText(error)}`);
        this.setState({ state: 'stopped', lastError: this.currentRedact(errorText(error)) });
        this.emitProgress('stopped');
      });
    this.lastRunDone = run.done;
  }

  private async runLoop(run: RunContext, options: EngineStartOptions, kind: ProgressKind): Promise<void> {
    if (run.abort.signal.aborted) return;
    let prepared: PreparedRun;
    try {
      prepared = await prepareRun(options);
      this.currentRedact = (text) => prepared.redactor.redact(text);
      this.state.servers = prepared.servers.map((s) => ({
        ...this.serverRef(s),
        lastResult: null,
        lastError: null,
        lastTriedAt: null,
        lastLatencyMs: null,
      }));
    } catch (error) {
      const message = this.currentRedact(errorText(error));
      this.log('error', `configuration error: ${message}`);
      this.setState({ state: 'stopped', message: '', lastError: message });
      this.emitProgress('stopped');
      return;
    }
    run.prepared = prepared;
    for (const warning of prepared.warnings) this.log('warn', warning);
    for (const name of prepared.headers.ignored)
      this.log('info', `[connection] headers: ${name} is ignored, the WebSocket handshake sets it`);
    const config = prepared.config;
    const dataDir = config.client.data_dir;
    // The run's first progress event below carries the outcome; without state.json nothing is written
    // here later, so a created directory is then all there is to check.
    await mkdir(dataDir, { recursive: true }).then(
      () =>
        this.dataDirChanged(
          this.dataDirHealth.succeeded(config.connection.watchdog_integration ? 'create' : 'write'),
          dataDir,
          false,
        ),
      (error: unknown) =>
        this.dataDirChanged(
          this.dataDirHealth.failed(
            'create',
            `cannot create data_dir ${JSON.stringify(dataDir)}: ${fsErrorText(error)}`,
          ),
          dataDir,
          false,
        ),
    );
    if (config.connection.watchdog_integration) {
      const writer: StateFileWriter = new StateFileWriter(
        dataDir,
        (error) => {
          if (this.stateFile !== writer) return;
          const problem = `state.json: cannot write in data_dir ${JSON.stringify(dataDir)}: ${describeFsError(error)}`;
          this.dataDirChanged(this.dataDirHealth.failed('write', problem), dataDir);
        },
        () => {
          if (this.stateFile === writer) this.dataDirChanged(this.dataDirHealth.succeeded('write'), dataDir);
        },
      );
      this.stateFile = writer;
    } else this.stateFile = null;
    this.writeStateFile('initialized', '');
    this.attributes = await loadClientAttributes(
      config.client.tags,
      config.client.labels,
      config.client.attributes_file_path,
      (m) => this.log('info', m),
    );
    this.systemInfo ??= collectStaticSystemInfo();
    this.emitProgress(kind);

    const dispatcher = createRequestDispatcher({
      features: this.features,
      tunnelAllowed: () => prepared.tunnelAllowed,
      context: (session) => ({ ...this.featureContext(prepared), session }),
      log: (level, message) => this.log(level, message),
      redact: (text) => prepared.redactor.redact(text),
    });
    const backoff = new Backoff(
      this.timings.backoffMinMs,
      // Already Go's fix-up (< 1 s → 5 min): the effective config holds it.
      config.connection.max_retry_interval / 1e6,
      this.random,
    );
    try {
      await this.connectionLoop(run, prepared, backoff, dispatcher);
    } finally {
      run.previous.cutAll();
    }
  }

  private async connectionLoop(
    run: RunContext,
    prepared: PreparedRun,
    backoff: Backoff,
    dispatcher: ServerRequestDispatch,
  ): Promise<void> {
    let handover: Handover | null = null;
    while (!run.abort.signal.aborted) {
      await this.stallGate(run);
      if (run.abort.signal.aborted) break;
      let failure: Error | null = null;
      let connection = handover;
      handover = null;
      if (!connection) {
        try {
          connection = await this.connectToMainOrFallback(run, prepared);
        } catch (error) {
          if (error instanceof AbortedError || run.abort.signal.aborted) break;
          failure = error instanceof Error ? error : new Error(String(error));
        }
      }
      if (connection) {
        const outcome = await this.runConnection(run, prepared, connection, backoff, dispatcher);
        if (run.abort.signal.aborted) break;
        if (outcome.kind === 'failed') failure = outcome.error;
        else if (outcome.handover) {
          handover = outcome.handover;
          continue;
        } else if (outcome.livedMs < this.timings.minConnectionLifetimeMs) {
          failure = new Error(`connection closed ${formatGoDuration(outcome.livedMs * 1e6)} after it was established`);
        } else {
          this.setState({ state: 'reconnecting', message: 'Disconnected', retryInMs: 0 });
          // The connection is gone: state.json (and systemd) must not go on saying `connected` while the
          // new dial runs; Go's template with the wait this reconnect has (§7.3).
          this.writeStateFile('reconnecting', 'Retrying in 0s...');
          continue; // a clean end: reconnect at once (§6.3)
        }
      }
      if (failure && (await this.handleConnectionError(run, prepared, backoff, failure))) break;
    }
  }

  /**
   * Resolves at once unless the engine is stalled; then only when the run is aborted. Only called from
   * the loop's head, which has just seen the run not aborted.
   */
  private stallGate(run: RunContext): Promise<void> {
    if (!this.stalled) return Promise.resolve();
    return new Promise((resolve) => run.abort.signal.addEventListener('abort', () => resolve(), { once: true }));
  }

  private sleep(run: RunContext, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        run.abort.signal.removeEventListener('abort', finish);
        run.wake = null;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      run.wake = finish;
      run.abort.signal.addEventListener('abort', finish, { once: true });
    });
  }

  /** Go's handleConnectionError: log, honour max_retry_count, announce and sleep the back-off. */
  private async handleConnectionError(
    run: RunContext,
    prepared: PreparedRun,
    backoff: Backoff,
    error: Error,
  ): Promise<boolean> {
    const attempt = backoff.attempt;
    const max = prepared.config.connection.max_retry_count;
    const text = this.currentRedact(error.message);
    this.log(
      'error',
      `connection error: ${text}${attempt > 0 ? ` (attempt: ${attempt} of ${max < 0 ? 'infinite' : max})` : ''}`,
    );
    if (text.includes('previous session was not properly closed')) {
      this.log(
        'info',
        'Server will clean up orphaned sessions within its {check_clients_connection_interval} automatically.',
      );
    }
    this.setState({ lastError: text });
    if (max >= 0 && attempt >= max) {
      this.log('error', 'connection error: max retries exceeded');
      this.setState({ state: 'stopped', message: 'max retries exceeded', server: null, retryInMs: null });
      // Still the current run: whatever replaces or clears this.run aborts it first, and the loop
      // checks for that before every call here.
      this.run = null;
      this.emitProgress('stopped');
      return true;
    }
    const waitNs = backoff.nextNs();
    const message = `Retrying in ${formatGoDuration(waitNs)}...`;
    this.log('info', message);
    this.setState({
      state: 'reconnecting',
      message,
      server: null,
      connectedSince: null,
      retryInMs: waitNs / 1e6,
      attempt: backoff.attempt,
    });
    this.writeStateFile('reconnecting', message);
    this.emitProgress('retry');
    await this.sleep(run, waitNs / 1e6);
    this.setState({ retryInMs: null });
    return false;
  }

  private dial(
    prepared: PreparedRun,
    server: PreparedRun['servers'][number],
    signal: AbortSignal,
    onProgress?: () => void,
  ): Promise<RportTransport> {
    this.updateServer(server.index, { lastTriedAt: Date.now() });
    const target = server.endpoint;
    const proxy = proxyForDial({ config: prepared.config, target }, this.options?.systemProxies);
    this.setState({ proxy: proxy.kind === 'proxy' ? proxyLabel(proxy) : null });
    return dialServer({
      target,
      proxy,
      config: prepared.config,
      password: prepared.password,
      headers: prepared.headers,
      timeoutMs: this.timings.dialTimeoutMs,
      redactor: prepared.redactor,
      signal,
      ...(this.createOptions.tlsCa ? { tlsCa: this.createOptions.tlsCa } : {}),
      ...(onProgress ? { onPhase: onProgress } : {}),
      log: (level, message) => this.log(level, message),
    }).then(
      (transport) => {
        this.updateServer(server.index, {
          lastResult: 'ok',
          lastError: null,
          lastFailure: null,
          lastLatencyMs: transport.dialMs,
          lastDialMs: transport.dialMs,
        });
        return transport;
      },
      (error: unknown) => {
        // A failed dial measured nothing: no latency is shown from an older success.
        const kind = error instanceof DialError ? error.kind : null;
        this.updateServer(server.index, {
          lastResult: 'error',
          lastError: this.currentRedact(errorText(error)),
          lastFailure: kind === 'auth' || kind === 'fingerprint' ? kind : 'other',
          lastLatencyMs: null,
        });
        throw error;
      },
    );
  }

  /** Go's connectToMainOrFallback: the primary, then each fallback in order, within one attempt. */
  private async connectToMainOrFallback(run: RunContext, prepared: PreparedRun): Promise<Handover> {
    const order = prepared.servers.map((_, i) => i);
    const preferred = run.preferIndex;
    run.preferIndex = null;
    if (preferred !== null && preferred > 0 && preferred < order.length) {
      order.splice(order.indexOf(preferred), 1);
      order.unshift(preferred);
    }
    const servers = order.flatMap((index) => prepared.servers[index] ?? []);
    try {
      const { value: transport, index } = await staggeredDial(
        servers.map((server) => ({
          dial: (signal: AbortSignal, progress: () => void) => this.dial(prepared, server, signal, progress),
        })),
        {
          staggerMs: this.timings.dialStaggerMs,
          signal: run.abort.signal,
          onStart: (i, why) => {
            const server = servers[i];
            if (why === 'no-progress' && server)
              this.log(
                'info',
                `No progress from ${servers[i - 1]?.url ?? '?'} for ${this.timings.dialStaggerMs / 1000} s: also trying ${server.url}`,
              );
            this.emitProgress('dialing');
          },
          onFailure: (i, error) => {
            if (servers.length > 1 && !run.abort.signal.aborted)
              this.log('info', `Could not connect to ${servers[i]?.url ?? '?'}: ${this.currentRedact(error.message)}`);
          },
          discard: (transport) => transport.close(),
        },
      );
      const server = servers[index] as PreparedRun['servers'][number];
      return { transport, server, pinned: preferred === server.index && server.index !== 0 };
    } catch (error) {
      if (error instanceof StaggeredDialAborted || run.abort.signal.aborted) throw new AbortedError();
      throw error;
    }
  }

  private featureContext(prepared: PreparedRun): FeatureContext {
    return {
      config: prepared.config,
      log: (level, message) => this.log(level, message),
      activity: (activity: RemoteActivity) => this.emit({ type: 'remote-activity', activity }),
      remoteCommandsBlocked: () => this.state.remoteCommandsBlocked,
      getAttributes: () => structuredClone(this.attributes),
      setAttributes: (attributes) => {
        this.attributes = structuredClone(attributes);
      },
    };
  }

  private async buildRequest(prepared: PreparedRun): Promise<Buffer> {
    const system = await (this.systemInfo ?? collectStaticSystemInfo());
    const request = newConnectionRequest(prepared, this.attributes, system);
    // Who the server registers this machine as; announced with the attempt's outcome.
    this.setState({ identity: identityOf(request, prepared.config.client) });
    return Buffer.from(JSON.stringify(request));
  }

  /** `new_connection` on a dialled transport, then live service until the connection ends. */
  private async runConnection(
    run: RunContext,
    prepared: PreparedRun,
    handover: Handover,
    backoff: Backoff,
    dispatch: ServerRequestDispatch,
  ): Promise<ConnectionOutcome> {
    const { transport, server } = handover;
    // Set while rportd may still hold this client's previous session on this server (§3.5).
    let declineRestore = false;
    const live: LiveConnection = {
      session: null as unknown as RportSession,
      server,
      pinned: handover.pinned,
      handover: null,
      stopTimers: [],
      features: [],
      abort: new AbortController(),
    };
    const session = new RportSession(transport, this.serverRef(server), {
      onServerRequest: (s, name, wantReply, payload, reply) => {
        if (declineRestore && name === 'check_tunnel_allowed') {
          reply(false, Buffer.from(RESUME_DEFERRED_TEXT));
          return;
        }
        dispatch(s, name, wantReply, payload, reply);
      },
      onChannelOpen: (s, info) =>
        handleRportChannel(s.transport.client, s.closedSignal, info, {
          registry: this.registry,
          tunnelAllowed: () => prepared.tunnelAllowed,
          udpIdleMs: this.timings.udpIdleMs,
          log: (level, message) => this.log(level, message),
        }),
      onCapabilities: (_s, capabilities: ServerCapabilities) => {
        for (const feature of live.features) feature.capabilities?.(capabilities);
      },
    });
    live.session = session;
    const onAbort = (): void => session.close();
    run.abort.signal.addEventListener('abort', onAbort, { once: true });
    // Every way out of here closes the connection (finally): rportd leaves a refused one open (§3.4).
    try {
      // ---- handshake: new_connection first and once ----
      declineRestore = await run.previous.mayStillHold(server.url, this.timings.resumeWaitMs, (waitMs) =>
        this.sleep(run, waitMs),
      );
      if (declineRestore)
        this.log(
          'info',
          `${server.url} has not closed this client's previous connection yet: tunnels it would restore now are declined (rportd would forget them) and restored on a later attempt`,
        );
      let payload: Buffer;
      try {
        payload = await this.buildRequest(prepared);
      } catch (error) {
        return { kind: 'failed', error: error instanceof Error ? error : new Error(String(error)) };
      }
      this.log('info', 'Sending connection request.');
      const started = process.hrtime.bigint();
      let outcome;
      try {
        outcome = await session.request('new_connection', payload, this.timings.newConnectionReplyTimeoutMs);
      } catch (error) {
        const text =
          error instanceof RequestTimeoutError ? `connection request timed out: ${error.message}` : errorText(error);
        return { kind: 'failed', error: new Error(text) };
      }
      const elapsedNs = Number(process.hrtime.bigint() - started);
      const reply = readNewConnectionReply(outcome.ok, outcome.payload);
      if (!reply.ok) {
        if (isTunnelStartRefusal(reply.error))
          this.log(
            'warn',
            `rportd could not start a tunnel (${this.currentRedact(reply.error)}); a resume that fails this way makes rportd forget the tunnels it kept for this client, so tunnels created on the server may have to be created again`,
          );
        return { kind: 'failed', error: new Error(reply.error) };
      }
      const remotes = reply.remotes;
      declineRestore = false;
      transport.peer.lingerOnClose(this.timings.sessionLingerMs);
      run.previous.remember(server.url, transport.peer);

      // ---- connected ----
      run.current = live;
      backoff.reset();
      const connectedAt = Date.now();
      const message = `Connected to ${transport.remoteAddress} within ${formatGoDuration(elapsedNs)}`;
      this.setState({
        state: 'connected',
        message,
        server: this.serverRef(server),
        connectedSince: connectedAt,
        retryInMs: null,
        attempt: 0,
        lastError: null,
        switchbackAt: null,
      });
      this.writeStateFile('connected', message);
      this.log('info', message);
      for (const r of remotes) this.logRemote(r);
      this.emitProgress('connected');
      this.startConnectionServices(run, prepared, live);
      await new Promise<void>((resolve) => session.onClose(resolve));
      return { kind: 'ended', handover: live.handover, livedMs: Date.now() - connectedAt };
    } finally {
      run.abort.signal.removeEventListener('abort', onAbort);
      live.abort.abort();
      for (const stop of live.stopTimers.splice(0)) stop();
      this.stopSessionFeatures(live);
      if (run.current === live) {
        run.current = null;
        this.log('info', 'Disconnected');
        this.setState({ server: null, connectedSince: null, switchbackAt: null });
      }
      if (!session.closed) session.close();
    }
  }

  private logRemote(remote: RemoteObject): void {
    const local = joinHostPort(remote.lhost, remote.lport);
    const target = joinHostPort(remote.rhost, remote.rport);
    this.log('info', `New tunnel: ${local}:${target}${remote.protocol !== 'tcp' ? `/${remote.protocol}` : ''}`);
    this.log('info', `Local port ${target} has become available on ${remote.http_proxy ? 'https://' : ''}${local}`);
  }

  private startConnectionServices(run: RunContext, prepared: PreparedRun, live: LiveConnection): void {
    const { config } = prepared;
    const session = live.session;
    const remote = session.remoteAddress;
    live.stopTimers.push(
      startKeepAlive(session, {
        intervalMs: config.connection.keep_alive / 1e6,
        timeoutMs: config.connection.keep_alive_timeout / 1e6,
        jitterMs: this.timings.keepAliveJitterMs,
        random: this.random,
        active: () => !this.stalled,
        onSuccess: (rttNs) => {
          const message = `ping to ${remote} succeeded within ${formatGoDuration(rttNs)}`;
          this.log('debug', message);
          this.setState({ message, lastPingMs: rttNs / 1e6 });
          this.updateServer(live.server.index, { lastLatencyMs: rttNs / 1e6, lastPingMs: rttNs / 1e6 });
          this.writeStateFile('connected', message);
          this.emitProgress('ping');
        },
        onFailure: (reason) => {
          this.log('error', `Failed to send keepalive (client to server ping): ${reason}`);
          session.close();
        },
      }),
    );
    if (live.server.role === 'fallback') this.scheduleSwitchback(run, prepared, live);
    this.startSessionFeatures(prepared, live);
  }

  private startSessionFeatures(prepared: PreparedRun, live: LiveConnection): void {
    const session = live.session;
    const context = this.featureContext(prepared);
    for (const feature of this.features.sessionFeatures) {
      try {
        const handle = feature.start(session, context);
        live.features.push(handle);
        if (session.capabilities) handle.capabilities?.(session.capabilities);
      } catch (error) {
        this.log('error', `feature ${feature.name} failed to start: ${errorText(error)}`);
      }
    }
  }

  private stopSessionFeatures(live: LiveConnection): void {
    for (const feature of live.features.splice(0)) {
      try {
        feature.stop();
      } catch (error) {
        this.log('error', `feature stop failed: ${errorText(error)}`);
      }
    }
  }

  /** Go's handleServerSwitchBack (§6.5): probe the primary every server_switchback_interval. */
  private scheduleSwitchback(run: RunContext, prepared: PreparedRun, live: LiveConnection): void {
    const intervalMs = prepared.config.client.server_switchback_interval / 1e6;
    const primary = prepared.servers[0];
    if (intervalMs <= 0 || !primary) return;
    let timer: NodeJS.Timeout | null = null;
    const schedule = (announce = true): void => {
      if (live.abort.signal.aborted || this.stalled) return;
      this.setState({ switchbackAt: Date.now() + intervalMs });
      timer = setTimeout(probe, intervalMs);
      // The window counts down to it: announce it now (after the connect or the failed probe that led
      // here), not only with the next ping, which may come after it. A pinned server's idle round is no
      // progress and is not announced.
      if (announce) this.emitProgress('switchback-scheduled');
    };
    const probe = (): void => {
      timer = null;
      if (live.abort.signal.aborted || this.stalled) return;
      if (live.pinned) return schedule(false);
      this.setState({ switchbackAt: null });
      this.emitProgress('switchback-probe');
      this.dial(prepared, primary, live.abort.signal).then(
        (transport) => {
          if (live.abort.signal.aborted || live.session.closed) {
            transport.close();
            return;
          }
          this.log('info', 'Connected to main server, switching back.');
          live.handover = { transport, server: primary, pinned: false };
          live.session.close();
        },
        (error: unknown) => {
          if (live.abort.signal.aborted) return;
          this.log('error', `Switchback failed: ${this.currentRedact(errorText(error))}`);
          schedule();
        },
      );
    };
    live.stopTimers.push(() => {
      if (timer) clearTimeout(timer);
    });
    schedule();
  }
}
