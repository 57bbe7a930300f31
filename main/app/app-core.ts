// The app core: composes the config editor, the supervisor (engine + watchdog) and the first-start
// setup, keeps the lists the window shows (logs, tunnels, activity, timeline, latency), and exposes
// exactly the UI contract's requests and events. Electron (IPC) and the headless web UI (WebSocket) are
// two thin transports over this one object. No electron import here: it runs in plain Node.
import { randomUUID } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  CONTRACT_VERSION,
  parseRequest,
  parseResult,
  type AppInfo,
  type AppStatus,
  type ConfigDocument,
  type ConnectionTestReport,
  type DiagnosticsExport,
  type RequestName,
  type RequestOutcome,
  type RequestResult,
  type ParamsArgs,
  type SaveOutcome,
  type SetupInput,
  type SetupOutcome,
  type Snapshot,
} from '../../preload/contract';
import { defaultConfig } from '../config/defaults';
import type { RportConfig } from '../config/config-types';
import type { EngineEvent, LogLevelName, LogLine } from '../engine/engine-types';
import { APP_NAME, APP_VERSION } from '../shared/app-version';
import type { SupervisorEvent } from '../watchdog/supervisor-types';
import { ActivityList } from './activity-list';
import type { ConfigPort, ConnectionTester, SupervisorFactory, SupervisorHandle } from './app-ports';
import { AppError, toContractError } from './app-error';
import { ConfigEditor, revisionOf } from './config-editor';
import { buildDiagnosticsZip } from './diagnostics-export';
import { EventHub, type EventListener } from './event-hub';
import { LatencyHistory } from './latency-history';
import { createRequestHandlers, type RequestHandlers } from './request-handlers';
import { RingBuffer } from './ring-buffer';
import { SecretScrubber } from './secret-scrubber';
import { buildSetupConfigText } from './setup-config';
import { describeTransition } from './status-transitions';
import { StatusTracker } from './status-tracker';
import { Timeline } from './timeline';
import { TunnelRegistry } from './tunnel-registry';

export interface AppCoreOptions {
  configPath: string;
  mode: AppInfo['mode'];
  config: ConfigPort;
  createSupervisor: SupervisorFactory;
  testConnection: ConnectionTester;
  /** `data_dir` written by the first-start setup. */
  defaultDataDir: string;
  now?: () => number;
  /**
   * The core's own log lines (sources app, config, setup) for the log sink. The engine's and the
   * watchdog's lines are not repeated here: the supervision layer writes those to the sink itself.
   */
  onOwnLog?: (line: LogLine) => void;
  /** How many log lines the window can scroll back through. */
  logCapacity?: number;
}

const CONNECTION_TEST_TIMEOUT_MS = 30_000;

export class AppCore {
  private readonly now: () => number;
  private readonly scrubber = new SecretScrubber();
  private readonly hub: EventHub;
  private readonly logs: RingBuffer<LogLine>;
  private readonly activity = new ActivityList();
  private readonly tunnels = new TunnelRegistry();
  private readonly timeline = new Timeline();
  private readonly latency = new LatencyHistory();
  private readonly tracker: StatusTracker;
  private readonly editor: ConfigEditor;
  private readonly handlers: RequestHandlers;
  private readonly sessionId = randomUUID();
  private supervisor: SupervisorHandle | null = null;
  private unsubscribeSupervisor: (() => void) | null = null;
  private runningConfig: RportConfig | null = null;
  private lastStatus: AppStatus;
  /** Start, stop and reconfigure run one at a time. */
  private lifecycle: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(private readonly options: AppCoreOptions) {
    this.now = options.now ?? Date.now;
    this.hub = new EventHub(
      (event) => this.scrubber.scrub(event),
      (err) => this.log('error', 'app', `a window's event listener failed: ${String(err)}`, false),
    );
    this.logs = new RingBuffer(options.logCapacity ?? 2000);
    this.tracker = new StatusTracker(options.configPath);
    this.editor = new ConfigEditor(options.config, options.configPath, () => defaultConfig(options.defaultDataDir));
    this.handlers = createRequestHandlers(this);
    this.lastStatus = this.tracker.status();
  }

  // --- lifecycle -----------------------------------------------------------------------------------

  /** Reads the config and starts the engine; with no config the window shows the setup. */
  start(): Promise<void> {
    return this.serialize(async () => {
      const document = await this.editor.load();
      this.refreshSecrets();
      if (!document.exists) {
        this.tracker.setSetupNeeded(true);
        this.log('info', 'app', `no config at ${this.options.configPath}: waiting for the first-start setup`);
        this.publishStatus();
        return;
      }
      const text = this.editor.currentText ?? '';
      const validated = this.options.config.validate(text, this.options.configPath);
      if (validated.config === null) {
        const first = validated.problems.find((p) => p.severity === 'error');
        const where = first ? `${first.file}${first.line ? `:${first.line}` : ''}: ${first.message}` : '';
        this.tracker.setNotRunning('The config has errors: fix them in the Config view');
        this.log('error', 'config', `not starting the engine, the config has errors. ${where}`);
        this.publishStatus();
        return;
      }
      await this.runEngine(validated.config);
    });
  }

  /** Stops the engine (SIGKILL after a grace is the supervisor's job) and detaches every listener. */
  stop(): Promise<void> {
    return this.serialize(async () => {
      this.stopped = true;
      await this.stopEngine();
      this.publishStatus();
    });
  }

  // --- the contract --------------------------------------------------------------------------------

  /** One request from a window: validated, run, its result checked and scrubbed; errors as data. */
  async handle(name: unknown, params: unknown): Promise<RequestOutcome<unknown>> {
    const parsed = parseRequest(name, params);
    if (!parsed.ok) return { ok: false, error: parsed.error };
    try {
      const handler = this.handlers[parsed.name] as (p: unknown) => Promise<unknown>;
      const value = await handler(parsed.params);
      const checked = parseResult(parsed.name, value);
      if (!checked.ok) {
        this.log('error', 'app', checked.error.message);
        return { ok: false, error: checked.error };
      }
      return { ok: true, value: this.scrubber.scrub(checked.value) };
    } catch (err) {
      const error = toContractError(err);
      if (error.code === 'internal') this.log('error', 'app', `${parsed.name} failed: ${error.message}`);
      return { ok: false, error: this.scrubber.scrub(error) };
    }
  }

  /** The typed form of `handle`, for in-process callers (the tray, tests). */
  request<N extends RequestName>(name: N, ...args: ParamsArgs<N>): Promise<RequestOutcome<RequestResult<N>>> {
    return this.handle(name, args[0]) as Promise<RequestOutcome<RequestResult<N>>>;
  }

  onEvent(listener: EventListener): () => void {
    return this.hub.subscribe(listener);
  }

  status(): AppStatus {
    return this.scrubber.scrub(this.tracker.status());
  }

  snapshot(): Snapshot {
    return this.scrubber.scrub({
      contractVersion: CONTRACT_VERSION,
      seq: this.hub.lastSeq,
      app: this.appInfo(),
      status: this.tracker.status(),
      tunnels: this.tunnels.list(),
      logs: this.logs.toArray(),
      activity: this.activity.list(),
      timeline: this.timeline.list(),
      latency: this.latency.list(),
    });
  }

  // --- operations behind the requests (see request-handlers.ts) ------------------------------------

  pause(): void {
    this.requireSupervisor('pause').pause();
    this.log('info', 'app', 'paused by the user');
  }

  resume(): void {
    this.requireSupervisor('resume').resume();
    this.log('info', 'app', 'resumed by the user');
  }

  restartEngine(): void {
    this.requireSupervisor('restart the engine').restart();
    this.addTimeline('user', 'Engine restart requested by the user');
  }

  retry(): void {
    this.requireSupervisor('retry').retry();
    this.addTimeline('user', 'Retry requested by the user');
  }

  switchServer(index: number): void {
    const servers = this.runningConfig ? 1 + this.runningConfig.client.fallback_servers.length : 0;
    if (index >= servers) throw new AppError('invalid-request', `there is no server ${index} (${servers} configured)`);
    this.requireSupervisor('switch servers').switchServer(index);
    this.log('info', 'app', index === 0 ? 'switching back to the primary' : `switching to fallback ${index}`);
  }

  async getConfig(): Promise<ConfigDocument> {
    const document = await this.editor.load();
    this.refreshSecrets();
    return document;
  }

  checkConfig(text: string) {
    return this.editor.check(text);
  }

  patchConfig(text: string, changes: Parameters<ConfigEditor['patch']>[1]) {
    const draft = this.editor.patch(text, changes);
    this.refreshSecrets();
    return draft;
  }

  saveConfig(text: string, baseRevision: string | undefined): Promise<SaveOutcome> {
    return this.serialize(async () => {
      const saved = await this.editor.save(text, baseRevision);
      this.refreshSecrets();
      if (!saved.outcome.saved || saved.config === null) return saved.outcome;
      this.log('info', 'config', `saved ${this.options.configPath}; restarting the engine with it`);
      this.hub.emit({ type: 'config-changed', revision: saved.outcome.document?.revision ?? '', at: this.now() });
      this.addTimeline('config', 'Configuration saved; engine restarted');
      await this.runEngine(saved.config);
      return { ...saved.outcome, restarted: true };
    });
  }

  /**
   * The file changed outside the window (a text editor, `rport-tray config set`). A valid change is
   * applied like a save from the window; an invalid one leaves the engine running on the last good
   * config and says why.
   */
  configChangedOnDisk(): Promise<void> {
    return this.serialize(async () => {
      const before = this.editor.currentText;
      await this.editor.load();
      this.refreshSecrets();
      const text = this.editor.currentText;
      if (text === before) return;
      this.hub.emit({ type: 'config-changed', revision: revisionOf(text), at: this.now() });
      if (text === null) {
        this.log('warn', 'config', `${this.options.configPath} was removed; the engine keeps its current config`);
        return;
      }
      const validated = this.options.config.validate(text, this.options.configPath);
      if (validated.config === null) {
        const first = validated.problems.find((p) => p.severity === 'error');
        const where = first ? ` (line ${first.line ?? '?'}: ${first.message})` : '';
        this.log('error', 'config', `${this.options.configPath} changed on disk and has errors${where}; not applied`);
        this.addTimeline('config', 'The config changed on disk but has errors; not applied');
        return;
      }
      this.log('info', 'config', `${this.options.configPath} changed on disk; restarting the engine with it`);
      this.addTimeline('config', 'Config changed on disk; engine restarted');
      await this.runEngine(validated.config);
    });
  }

  async exportDiagnostics(): Promise<DiagnosticsExport> {
    const configText = await this.options.config.readText(this.options.configPath).catch(() => null);
    const zip = buildDiagnosticsZip(
      {
        app: this.appInfo(),
        status: this.tracker.status(),
        logs: this.logs.toArray(),
        timeline: this.timeline.list(),
        latency: this.latency.list(),
        tunnels: this.tunnels.list(),
        activity: this.activity.list(),
        redactedConfig: configText === null ? null : this.options.config.redactText(configText),
        configPath: this.options.configPath,
        stateJson: await this.readStateFile(),
        now: this.now(),
      },
      this.scrubber,
    );
    this.log('info', 'app', `diagnostics exported (${zip.fileName}, ${zip.data.length} bytes)`);
    return { fileName: zip.fileName, base64: Buffer.from(zip.data).toString('base64'), bytes: zip.data.length };
  }

  async testConnection(input: SetupInput): Promise<ConnectionTestReport> {
    this.scrubber.setSecrets([...this.editor.secrets(), input.password]);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), CONNECTION_TEST_TIMEOUT_MS);
    try {
      const report = await this.options.testConnection(input, controller.signal);
      this.log(
        report.ok ? 'info' : 'warn',
        'setup',
        `connection test to ${input.server}: ${report.ok ? 'ok' : `failed at ${report.failedStep}: ${report.message}`}`,
      );
      return report;
    } finally {
      clearTimeout(timer);
    }
  }

  completeSetup(input: SetupInput & { skipTest?: boolean }): Promise<SetupOutcome> {
    return this.serialize(async () => {
      const existing = await this.options.config.readText(this.options.configPath);
      if (existing !== null && !this.tracker.status().setupNeeded) {
        throw new AppError('invalid-state', `${this.options.configPath} already exists; edit it in the Config view`);
      }
      const report = input.skipTest ? null : await this.testConnection(input);
      if (report !== null && !report.ok) return { saved: false, problems: [], report };
      const dataDir = this.options.defaultDataDir;
      const text = buildSetupConfigText(input, dataDir, new Date(this.now()));
      const validated = this.options.config.validate(text, this.options.configPath);
      if (validated.config === null) return { saved: false, problems: validated.problems, report };
      // The config's folder may not exist yet on a first start (a fresh profile, a custom --config path).
      await mkdir(path.dirname(this.options.configPath), { recursive: true, mode: 0o700 });
      await this.options.config.saveText(this.options.configPath, text);
      await this.editor.load();
      this.refreshSecrets();
      this.tracker.setSetupNeeded(false);
      this.log('info', 'setup', `wrote ${this.options.configPath}; starting the engine`);
      this.hub.emit({ type: 'config-changed', revision: revisionOf(text), at: this.now() });
      this.addTimeline('config', 'Set up; engine started');
      await this.runEngine(validated.config);
      return { saved: true, problems: validated.problems, report };
    });
  }

  // --- engine runs and supervisor events -----------------------------------------------------------

  private async runEngine(config: RportConfig): Promise<void> {
    if (this.stopped) return;
    await this.stopEngine();
    this.tracker.setNotRunning(null);
    this.tracker.setSetupNeeded(false);
    this.tracker.beginRun();
    this.runningConfig = config;
    const supervisor = this.options.createSupervisor({
      config,
      configPath: this.options.configPath,
      sessionId: this.sessionId,
    });
    this.supervisor = supervisor;
    this.unsubscribeSupervisor = supervisor.onEvent((event) => this.onSupervisorEvent(event));
    this.publishStatus();
    await supervisor.start();
  }

  private async stopEngine(): Promise<void> {
    const supervisor = this.supervisor;
    if (!supervisor) return;
    this.supervisor = null;
    try {
      await supervisor.stop();
    } finally {
      this.unsubscribeSupervisor?.();
      this.unsubscribeSupervisor = null;
      this.runningConfig = null;
      if (this.tunnels.closeAll(this.now(), 'engine stopped'))
        this.hub.emit({ type: 'tunnels', tunnels: this.tunnels.list() });
    }
  }

  private onSupervisorEvent(event: SupervisorEvent): void {
    switch (event.type) {
      case 'engine':
        this.onEngineEvent(event.event);
        return;
      case 'supervisor':
        this.tracker.onSupervisorStatus(event.status);
        if (event.status.phase === 'restarting' || event.status.phase === 'failed')
          this.closeTunnels('engine restarted');
        this.publishStatus();
        return;
      case 'log':
        this.pushLog(event.line);
        return;
      case 'restart':
        this.closeTunnels('engine restarted');
        // A restart the user asked for is already on the timeline; only the watchdog's own count.
        if (event.record.reason.kind !== 'requested') {
          this.tracker.onWatchdogRestart();
          this.addTimeline('restart', `Watchdog restarted the engine: ${event.record.text}`);
        }
        this.publishStatus();
        return;
    }
  }

  private onEngineEvent(event: EngineEvent): void {
    switch (event.type) {
      case 'progress':
        this.tracker.onEngineProgress(event.status, event.at);
        if (event.kind === 'ping' && event.status.lastPingMs !== null) {
          const sample = { at: event.at, ms: event.status.lastPingMs, serverIndex: event.status.server?.index ?? null };
          this.latency.add(sample);
          this.hub.emit({ type: 'latency', sample });
        }
        this.publishStatus();
        return;
      case 'tunnel-opened':
      case 'tunnel-updated':
      case 'tunnel-closed':
        this.tunnels.apply(event.tunnel);
        this.hub.emit({ type: 'tunnel', tunnel: event.tunnel });
        return;
      case 'log':
        this.pushLog(event.line);
        return;
      case 'remote-activity':
        this.activity.apply(event.activity);
        this.hub.emit({ type: 'activity', activity: event.activity });
        return;
    }
  }

  private closeTunnels(reason: string): void {
    if (this.tunnels.closeAll(this.now(), reason)) this.hub.emit({ type: 'tunnels', tunnels: this.tunnels.list() });
  }

  /** Emits the status, plus timeline entries for what changed since the last one. */
  private publishStatus(): void {
    const next = this.tracker.status();
    for (const entry of describeTransition(this.lastStatus, next))
      this.addTimeline(entry.kind, entry.text, entry.state);
    this.lastStatus = next;
    this.hub.emit({ type: 'status', status: next });
  }

  private addTimeline(
    kind: Parameters<Timeline['add']>[0],
    text: string,
    state: AppStatus['state'] | null = null,
  ): void {
    const entry = this.timeline.add(kind, text, this.now(), state);
    this.hub.emit({ type: 'timeline', entry });
  }

  private log(level: LogLevelName, source: string, message: string, toWindows = true): void {
    const line = this.scrubber.scrub({ at: this.now(), level, source, message });
    this.options.onOwnLog?.(line);
    if (toWindows) this.pushLog(line);
  }

  /** Into the window's log list (the engine's and watchdog's lines, and the core's own). */
  private pushLog(line: LogLine): void {
    const clean = this.scrubber.scrub(line);
    this.logs.push(clean);
    this.hub.emit({ type: 'log', line: clean });
  }

  private refreshSecrets(): void {
    this.scrubber.setSecrets(this.editor.secrets());
  }

  private requireSupervisor(action: string): SupervisorHandle {
    if (this.supervisor) return this.supervisor;
    const status = this.tracker.status();
    const why = status.setupNeeded ? 'finish the setup first' : status.message;
    throw new AppError('invalid-state', `cannot ${action}: the engine is not running (${why})`);
  }

  private async readStateFile(): Promise<string | null> {
    const dataDir = this.runningConfig?.client.data_dir;
    if (!dataDir) return null;
    try {
      const text = await readFile(path.join(dataDir, 'state.json'), 'utf8');
      return text.slice(0, 64 * 1024);
    } catch {
      return null;
    }
  }

  private appInfo(): AppInfo {
    return { name: APP_NAME, version: APP_VERSION, platform: process.platform, mode: this.options.mode };
  }

  private serialize<T>(work: () => Promise<T>): Promise<T> {
    const run = this.lifecycle.then(work, work);
    this.lifecycle = run.catch(() => undefined);
    return run;
  }
}
