// The app core: composes the config editor, the supervisor (engine + watchdog) and the first-start
// setup with the window state (window-state.ts: status, logs, tunnels, activity, timeline, latency), and
// exposes exactly the UI contract's requests and events. Electron (IPC) and the headless web UI
// (WebSocket) are two thin transports over this one object. No electron import here: plain Node.
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type {
  AppInfo,
  AppStatus,
  ConfigDocument,
  ConfigDraft,
  ConnectionTestReport,
  DiagnosticsExport,
  DiagnosticsSave,
  ConnectionPatch,
  ImportOutcome,
  InstalledService,
  ImportPreview,
  PreferencesPatch,
  RequestName,
  RequestOutcome,
  RequestResult,
  ParamsArgs,
  SaveOutcome,
  Settings,
  SetupInput,
  SetupOutcome,
  Snapshot,
} from '../../shared/contract';
import { defaultConfig } from '../../config/defaults';
import type { RportConfig } from '../../shared/types/config-types';
import type { LogLine } from '../../shared/types/engine-types';
import { APP_NAME, APP_VERSION } from '../../shared/app-version';
import type {
  ConfigImportPort,
  ConfigPort,
  ConnectionTester,
  FileDialogs,
  KeychainPort,
  RemoteCommandsPort,
  ServiceModePort,
  SettingsPort,
  SupervisorFactory,
  SupervisorHandle,
} from './app-ports';
import { AppError, toContractError } from './app-error';
import { ConfigEditor, revisionOf } from '../config-editing/config-editor';
import { configTextSecrets } from '../../shared/secrets';
import type { DiagnosticsZip } from '../view-state/diagnostics-export';
import type { EventListener } from './event-hub';
import { configIssueFrom } from '../config-editing/config-issue';
import { ConfigImporter } from '../import/config-importer';
import { movePassword } from '../passwords/password-mover';
import { passwordStorageOf } from '../passwords/password-storage';
import { createRequestHandlers, type RequestHandlers } from './request-handlers';
import { buildSetupConfigText } from '../setup/setup-config';
import { WindowState } from '../view-state/window-state';
import { keyList, planConfigApply, saveEffectOf } from './config-apply';

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
  /** The app preferences and what this mode can do. */
  settings: SettingsPort;
  /** The OS keychain; null where there is none (headless). */
  keychain: KeychainPort | null;
  imports: ConfigImportPort;
  /** Native file dialogs (Electron); absent headless. */
  dialogs?: FileDialogs;
  /** Where "Block remote commands" is kept for every engine run; absent: only the status shows it. */
  remoteCommands?: RemoteCommandsPort;
  /** Follow the rport service installed on this machine instead of running an engine (issue 17). */
  service?: ServiceModePort;
  /** The rport services installed here, for Setup and Settings to offer; default: none. */
  installedServices?: () => Promise<InstalledService[]>;
}

const NO_KEYCHAIN = 'there is no system keychain in a headless run';

const CONNECTION_TEST_TIMEOUT_MS = 30_000;

export class AppCore {
  private readonly now: () => number;
  private readonly view: WindowState;
  private readonly editor: ConfigEditor;
  private readonly handlers: RequestHandlers;
  private readonly importer: ConfigImporter;
  private readonly sessionId = randomUUID();
  private supervisor: SupervisorHandle | null = null;
  private unsubscribeSupervisor: (() => void) | null = null;
  private runningConfig: RportConfig | null = null;
  /** Secrets the config file does not show: the keychain's password. */
  private readonly extraSecrets = new Set<string>();
  /** Start, stop and reconfigure run one at a time. */
  private lifecycle: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(private readonly options: AppCoreOptions) {
    this.now = options.now ?? Date.now;
    this.view = new WindowState({
      configPath: options.configPath,
      now: this.now,
      logCapacity: options.logCapacity ?? 2000,
      ...(options.onOwnLog ? { onOwnLog: options.onOwnLog } : {}),
    });
    this.editor = new ConfigEditor(
      options.config,
      options.configPath,
      () => defaultConfig(options.defaultDataDir),
      options.keychain,
    );
    this.importer = new ConfigImporter({
      configPath: options.configPath,
      config: options.config,
      imports: options.imports,
      onFileRead: (text) => this.rememberSecretsOf(text),
    });
    this.handlers = createRequestHandlers(this);
  }

  // --- lifecycle -----------------------------------------------------------------------------------

  /** Reads the config and starts the engine; with no config the window shows the setup. */
  start(): Promise<void> {
    return this.serialize(async () => {
      if (this.options.service) return this.followService(this.options.service);
      const exists = await this.editor.read();
      await this.rememberKeychainPassword();
      this.refreshSecrets();
      if (!exists) {
        this.view.tracker.setSetupNeeded(true);
        this.log('info', 'app', `no config at ${this.options.configPath}: waiting for the first-start setup`);
        this.view.publishStatus();
        return;
      }
      const text = this.editor.currentText ?? '';
      const validated = this.options.config.validate(text, this.options.configPath);
      if (validated.config === null) {
        const first = validated.problems.find((p) => p.severity === 'error');
        const where = first ? `${first.file}${first.line ? `:${first.line}` : ''}: ${first.message}` : '';
        this.view.tracker.setNotRunning('The config has errors: fix them in the Config view');
        this.view.tracker.setConfigIssue(configIssueFrom(validated.problems, this.options.configPath, this.now()));
        this.log('error', 'config', `not starting the engine, the config has errors. ${where}`);
        this.view.publishStatus();
        return;
      }
      await this.runEngine(validated.config);
    });
  }

  /** Stops the engine (SIGKILL after a grace is the supervisor's job) and detaches every listener. */
  stop(): Promise<void> {
    return this.serialize(async () => {
      this.stopped = true;
      this.view.tracker.endRestart();
      await this.stopEngine();
      this.view.publishStatus();
    });
  }

  /**
   * Something the user must learn that happened outside the core (preferences that could not be read
   * and were reset): a warning in the log and the window's timeline.
   */
  notice(message: string): void {
    this.log('warn', 'app', message);
    this.addTimeline('config', sentence(message));
  }

  // --- the contract --------------------------------------------------------------------------------

  /** One request from a window: validated, run, its result checked and scrubbed; errors as data. */
  async handle(name: unknown, params: unknown): Promise<RequestOutcome<unknown>> {
    // The contract's schemas (zod) load with the first request, not with the app (README "Memory").
    const { parseRequest, parseResult } = await import('../../shared/contract');
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
      return { ok: true, value: this.view.scrubber.scrub(checked.value) };
    } catch (err) {
      const error = toContractError(err);
      if (error.code === 'internal') this.log('error', 'app', `${parsed.name} failed: ${error.message}`);
      return { ok: false, error: this.view.scrubber.scrub(error) };
    }
  }

  /** The typed form of `handle`, for in-process callers (the tray, tests). */
  request<N extends RequestName>(name: N, ...args: ParamsArgs<N>): Promise<RequestOutcome<RequestResult<N>>> {
    return this.handle(name, args[0]) as Promise<RequestOutcome<RequestResult<N>>>;
  }

  onEvent(listener: EventListener): () => void {
    return this.view.subscribe(listener);
  }

  status(): AppStatus {
    return this.view.status();
  }

  snapshot(): Snapshot {
    return this.view.snapshot(this.appInfo(), this.settings());
  }

  /** Preferences, capabilities and where the password is, as the window shows them. */
  settings(): Settings {
    const keychain = this.options.keychain;
    return {
      preferences: this.options.settings.preferences(),
      capabilities: {
        ...this.options.settings.capabilities(),
        keychain:
          keychain && keychain.available()
            ? { available: true, reason: null }
            : { available: false, reason: sentence(keychain?.unavailableReason() ?? NO_KEYCHAIN) },
      },
      passwordStorage: passwordStorageOf(this.editor.currentText),
      ...(this.options.settings.connection ? { connection: this.options.settings.connection() } : {}),
    };
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
    this.addTimeline('user', `${this.options.service ? 'Service' : 'Engine'} restart requested by the user`);
  }

  retry(): void {
    this.requireSupervisor('retry').retry();
    this.addTimeline('user', 'Retry requested by the user');
  }

  /** The window's (and the tray's) "Block remote commands": for this run and every later one. */
  setRemoteCommandsBlocked(blocked: boolean): void {
    if (this.view.tracker.status().remoteCommandsBlocked === blocked) return;
    this.options.remoteCommands?.setBlocked(blocked);
    this.view.tracker.setRemoteCommandsBlocked(blocked);
    this.log('info', 'app', blocked ? 'remote commands blocked by the user' : 'remote commands allowed again');
    this.addTimeline('user', blocked ? 'Remote commands blocked' : 'Remote commands allowed again');
    this.view.publishStatus();
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
    return this.withSaveEffect(this.editor.check(text));
  }

  patchConfig(text: string, changes: Parameters<ConfigEditor['patch']>[1]) {
    const draft = this.editor.patch(text, changes);
    this.refreshSecrets();
    return this.withSaveEffect(draft);
  }

  /** The draft with what saving it would do to the running engine (config-apply.ts). */
  private withSaveEffect(draft: ConfigDraft): ConfigDraft {
    if (draft.problems.some((p) => p.severity === 'error')) return draft;
    const canApplyLive = this.supervisor?.applyConfig !== undefined;
    const effect = saveEffectOf(this.runningConfig, this.editor.configOf(draft.text), canApplyLive);
    return effect ? { ...draft, saveEffect: effect } : draft;
  }

  saveConfig(text: string, baseRevision: string | undefined): Promise<SaveOutcome> {
    return this.serialize(async () => {
      const saved = await this.editor.save(text, baseRevision);
      this.refreshSecrets();
      if (!saved.outcome.saved || saved.config === null) return saved.outcome;
      this.view.tracker.setConfigIssue(null);
      if (this.options.service) {
        this.view.emit({ type: 'config-changed', revision: saved.outcome.document?.revision ?? '', at: this.now() });
        this.publishSettings();
        return { ...saved.outcome, restarted: await this.applyToService(saved.config, 'saved') };
      }
      this.view.emit({ type: 'config-changed', revision: saved.outcome.document?.revision ?? '', at: this.now() });
      this.publishSettings();
      const applied = await this.applyConfig(saved.config, 'saved');
      return { ...saved.outcome, restarted: applied === 'restarted', applied };
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
      await this.editor.read();
      this.refreshSecrets();
      const text = this.editor.currentText;
      if (text === before) return;
      this.view.emit({ type: 'config-changed', revision: revisionOf(text), at: this.now() });
      this.publishSettings();
      if (text === null) {
        this.log('warn', 'config', `${this.options.configPath} was removed; the engine keeps its current config`);
        return;
      }
      const validated = this.options.config.validate(text, this.options.configPath);
      if (validated.config === null) {
        const issue = configIssueFrom(validated.problems, this.options.configPath, this.now());
        this.view.tracker.setConfigIssue(issue);
        const kept = this.supervisor ? 'the engine keeps running on the last good config' : 'not applied';
        this.log(
          'error',
          'config',
          `${this.options.configPath} changed on disk and has errors (${issue.message}); ${kept}`,
        );
        this.addTimeline('config', 'The config changed on disk but has errors; not applied');
        this.view.publishStatus();
        return;
      }
      this.view.tracker.setConfigIssue(null);
      if (this.options.service) return void (await this.applyToService(validated.config, 'changed on disk'));
      await this.applyConfig(validated.config, 'disk');
    });
  }

  /**
   * A new valid config (saved from the window, or changed on disk) reaches the engine: a restart when it
   * needs a new connection (or none runs), applied live when not, nothing when nothing it uses changed.
   */
  private async applyConfig(
    config: RportConfig,
    origin: 'saved' | 'disk',
  ): Promise<'restarted' | 'live' | 'unchanged'> {
    const what = origin === 'saved' ? `saved ${this.options.configPath}` : `${this.options.configPath} changed on disk`;
    const event = origin === 'saved' ? 'Configuration saved' : 'Config changed on disk';
    const supervisor = this.supervisor;
    const plan = planConfigApply(this.runningConfig, config, supervisor?.applyConfig !== undefined);
    if (plan.how === 'restart') {
      const n = plan.change?.reconnect.length ?? 0;
      const why = plan.change
        ? ` (${keyList(plan.change.reconnect)} ${n === 1 ? 'needs' : 'need'} a new connection)`
        : '';
      this.log('info', 'config', `${what}; restarting the engine with it${why}`);
      this.addTimeline('config', `${event}; engine restarted`);
      await this.runEngine(config);
      return 'restarted';
    }
    this.runningConfig = config;
    if (plan.how === 'unchanged') {
      this.log('info', 'config', `${what}; nothing the engine uses changed, it keeps running as it is`);
      return 'unchanged';
    }
    supervisor?.applyConfig?.(config);
    this.log('info', 'config', `${what}; applied without reconnecting: ${keyList(plan.change.changed)}`);
    if (plan.change.changed.includes('logging.log_file')) {
      this.log('info', 'config', 'logging.log_file takes effect when rport-tray starts next');
    }
    this.addTimeline('config', `${event}; applied without reconnecting`);
    return 'live';
  }

  async exportDiagnostics(): Promise<DiagnosticsExport> {
    const zip = await this.buildDiagnostics();
    this.log('info', 'app', `diagnostics exported (${zip.fileName}, ${zip.data.length} bytes)`);
    return { fileName: zip.fileName, base64: Buffer.from(zip.data).toString('base64'), bytes: zip.data.length };
  }

  /** Electron: the zip goes where the user says in a save dialog, without a round trip through the window. */
  async saveDiagnostics(): Promise<DiagnosticsSave> {
    const dialogs = this.requireDialogs();
    const zip = await this.buildDiagnostics();
    const target = await dialogs.chooseSavePath(zip.fileName);
    if (target === null) return { saved: false, path: null, bytes: zip.data.length };
    // Logs and the state say where this machine connects: owner-only, like the config.
    await writeFile(target, zip.data, { mode: 0o600 });
    this.log('info', 'app', `diagnostics saved to ${target} (${zip.data.length} bytes)`);
    return { saved: true, path: target, bytes: zip.data.length };
  }

  private async buildDiagnostics(): Promise<DiagnosticsZip> {
    const configText = await this.options.config.readText(this.options.configPath).catch(() => null);
    // The zip code (fflate) is loaded on the first export, not with the app (issue 16).
    const { buildDiagnosticsZip } = await import('../view-state/diagnostics-export');
    return buildDiagnosticsZip(
      {
        app: this.appInfo(),
        ...this.view.diagnostics(),
        redactedConfig: configText === null ? null : this.options.config.redactText(configText),
        configPath: this.options.configPath,
        stateJson: await this.readStateFile(),
        now: this.now(),
      },
      this.view.scrubber,
    );
  }

  async testConnection(input: SetupInput): Promise<ConnectionTestReport> {
    this.view.scrubber.setSecrets([...this.editor.secrets(), ...this.extraSecrets, input.password]);
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

  completeSetup(input: SetupInput & { skipTest?: boolean; keepPasswordInKeychain?: boolean }): Promise<SetupOutcome> {
    return this.serialize(async () => {
      const existing = await this.options.config.readText(this.options.configPath);
      if (existing !== null && !this.view.tracker.status().setupNeeded) {
        throw new AppError('invalid-state', `${this.options.configPath} already exists; edit it in the Config view`);
      }
      const keychain = input.keepPasswordInKeychain ? this.requireKeychain() : null;
      const report = input.skipTest ? null : await this.testConnection(input);
      if (report !== null && !report.ok) return { saved: false, problems: [], report };
      const dataDir = this.options.defaultDataDir;
      const text = buildSetupConfigText(input, dataDir, new Date(this.now()), {
        passwordInKeychain: keychain !== null,
      });
      const validated = this.options.config.validate(text, this.options.configPath);
      if (validated.config === null) return { saved: false, problems: validated.problems, report };
      // The config's folder may not exist yet on a first start (a fresh profile, a custom --config path).
      await mkdir(path.dirname(this.options.configPath), { recursive: true, mode: 0o700 });
      if (keychain) {
        // The keychain first: the file never holds the password, and a failed write takes it out again.
        this.extraSecrets.add(input.password);
        await keychain.setPassword(input.password);
      }
      try {
        await this.options.config.saveText(this.options.configPath, text);
      } catch (err) {
        await keychain?.deletePassword().catch(() => undefined);
        throw err;
      }
      await this.adoptNewConfig(
        text,
        keychain
          ? `wrote ${this.options.configPath} (the password is in the system keychain); starting the engine`
          : `wrote ${this.options.configPath}; starting the engine`,
        'Set up; engine started',
        'setup',
      );
      await this.runEngine(validated.config);
      return { saved: true, problems: validated.problems, report };
    });
  }

  // --- settings ------------------------------------------------------------------------------------

  async updatePreferences(patch: PreferencesPatch): Promise<Settings> {
    try {
      await this.options.settings.update(patch);
    } catch (err) {
      // Part of it may have applied (the login item reports its own state): show what is in effect now.
      this.publishSettings();
      const message = err instanceof Error ? err.message : String(err);
      this.log('warn', 'app', `preferences not changed: ${message}`);
      throw new AppError('unavailable', message);
    }
    this.log('info', 'app', `preferences changed: ${Object.keys(patch).join(', ') || 'nothing'}`);
    return this.publishSettings();
  }

  /** Moves the client password between rport.conf and the OS keychain; the engine keeps running. */
  setPasswordStorage(storage: 'keychain' | 'file'): Promise<Settings> {
    return this.serialize(async () => {
      const keychain = this.requireKeychain();
      // The password leaves the file: the scrubber keeps knowing it.
      if (storage === 'keychain') this.rememberSecretsOf(this.editor.currentText);
      const { config, configPath } = this.options;
      if (!(await movePassword({ storage, keychain, config, configPath }))) return this.settings();
      await this.editor.read();
      this.refreshSecrets();
      const where = storage === 'keychain' ? 'the system keychain' : configPath;
      this.log('info', 'config', `the client password is now kept in ${where}`);
      this.addTimeline('config', `Password moved to ${storage === 'keychain' ? 'the system keychain' : 'rport.conf'}`);
      this.view.emit({ type: 'config-changed', revision: revisionOf(this.editor.currentText), at: this.now() });
      return this.publishSettings();
    });
  }

  // --- the rport service on this machine (issue 17) ------------------------------------------------

  async findInstalledServices(): Promise<{ services: InstalledService[] }> {
    return { services: (await this.options.installedServices?.()) ?? [] };
  }

  async setConnection(patch: ConnectionPatch): Promise<Settings> {
    const update = this.options.settings.updateConnection;
    if (!update) throw new AppError('invalid-state', 'this run cannot change what it follows');
    try {
      await update.call(this.options.settings, patch);
    } catch (err) {
      this.publishSettings();
      throw new AppError('invalid-request', err instanceof Error ? err.message : String(err));
    }
    this.log('info', 'app', `connection setting changed: ${JSON.stringify(patch)}`);
    return this.publishSettings();
  }

  /** Service mode's start: the watchdog of the service runs whatever state its config is in. */
  private async followService(service: ServiceModePort): Promise<void> {
    await this.editor.read().catch((err: unknown) => {
      this.log('warn', 'config', `cannot read ${this.options.configPath}: ${err instanceof Error ? err.message : err}`);
    });
    this.refreshSecrets();
    this.supervisor = service.handle;
    this.unsubscribeSupervisor = service.handle.onEvent((event) => this.view.onSupervisorEvent(event));
    this.view.tracker.beginRun();
    this.view.publishStatus();
    await service.handle.start();
  }

  /** A saved or changed config of the service: restarted only when what it runs with changed. */
  private async applyToService(config: RportConfig, how: 'saved' | 'changed on disk'): Promise<boolean> {
    if (how === 'saved') {
      this.view.emit({ type: 'config-changed', revision: revisionOf(this.editor.currentText), at: this.now() });
      this.publishSettings();
    }
    const restarted = await (this.options.service as ServiceModePort).configApplied(config);
    this.log(
      'info',
      'config',
      `${this.options.configPath} ${how}; ` +
        (restarted
          ? 'its effective config changed: restarting the rport service'
          : 'its effective config is the same: the rport service keeps running'),
    );
    this.addTimeline(
      'config',
      `Configuration ${how}; ${restarted ? 'service restarted' : 'nothing the service runs with changed'}`,
    );
    return restarted;
  }

  // --- import (config-importer.ts) ---------------------------------------------------------------

  async findImportCandidates() {
    return { candidates: await this.importer.candidates() };
  }

  async chooseImportFile(): Promise<{ path: string | null }> {
    return { path: await this.requireDialogs().chooseConfigFile() };
  }

  previewImport(from: string): Promise<ImportPreview> {
    return this.importer.preview(from);
  }

  importConfig(from: string, replaceExisting: boolean): Promise<ImportOutcome> {
    return this.serialize(async () => {
      const plan = await this.importer.plan(from, replaceExisting);
      if (!plan.ready) return plan.outcome;
      const { configPath } = this.options;
      await mkdir(path.dirname(configPath), { recursive: true, mode: 0o700 });
      // Validated, atomic, owner-only; the file it replaces is kept as <config>.bak by the writer.
      await this.options.config.saveText(configPath, plan.text);
      const kept = plan.backupPath ? ` (the previous file is ${plan.backupPath})` : '';
      await this.adoptNewConfig(
        plan.text,
        `imported ${plan.source} into ${configPath}${kept}`,
        `Imported ${plan.source}; engine started`,
        'config',
      );
      await this.runEngine(plan.config);
      return plan.outcome;
    });
  }

  /** After setup or an import wrote a new config: the editor, the scrubber and the window follow it. */
  private async adoptNewConfig(
    text: string,
    logMessage: string,
    timelineText: string,
    source: 'setup' | 'config',
  ): Promise<void> {
    await this.editor.read();
    this.refreshSecrets();
    this.view.tracker.setSetupNeeded(false);
    this.view.tracker.setConfigIssue(null);
    this.log('info', source, logMessage);
    this.view.emit({ type: 'config-changed', revision: revisionOf(text), at: this.now() });
    this.addTimeline('config', timelineText);
    this.publishSettings();
  }

  // --- engine runs and supervisor events -----------------------------------------------------------

  private async runEngine(config: RportConfig): Promise<void> {
    if (this.stopped) return;
    if (this.options.service) return void (await this.options.service.configApplied(config));
    // Replacing a running engine is one restart to the window, not a stop and a start.
    if (this.supervisor) this.view.tracker.beginRestart('Applying the new config');
    await this.stopEngine();
    this.view.tracker.setNotRunning(null);
    this.view.tracker.setSetupNeeded(false);
    this.view.tracker.beginRun();
    this.runningConfig = config;
    const supervisor = this.options.createSupervisor({
      config,
      configPath: this.options.configPath,
      sessionId: this.sessionId,
    });
    this.supervisor = supervisor;
    this.unsubscribeSupervisor = supervisor.onEvent((event) => this.view.onSupervisorEvent(event));
    this.view.publishStatus();
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
      this.view.closeTunnels('engine stopped');
    }
  }

  private log(...args: Parameters<WindowState['log']>): void {
    this.view.log(...args);
  }

  private addTimeline(...args: Parameters<WindowState['addTimeline']>): void {
    this.view.addTimeline(...args);
  }

  private refreshSecrets(): void {
    this.view.scrubber.setSecrets([...this.editor.secrets(), ...this.extraSecrets]);
  }

  /** Secrets of a text that is (or was) not the config in use: a file to import, the password leaving it. */
  private rememberSecretsOf(text: string | null): void {
    for (const secret of configTextSecrets(text)) this.extraSecrets.add(secret);
    this.refreshSecrets();
  }

  /** The keychain's password is a secret of this config too, though the file does not show it. */
  private async rememberKeychainPassword(): Promise<void> {
    const keychain = this.options.keychain;
    if (!keychain?.available() || passwordStorageOf(this.editor.currentText) !== 'keychain') return;
    const password = await keychain.getPassword().catch(() => null);
    if (password) this.extraSecrets.add(password);
  }

  private publishSettings(): Settings {
    const settings = this.settings();
    this.view.emit({ type: 'settings', settings });
    return settings;
  }

  private requireKeychain(): KeychainPort {
    const keychain = this.options.keychain;
    if (keychain?.available()) return keychain;
    throw new AppError(
      'unavailable',
      `the system keychain is not available: ${keychain?.unavailableReason() ?? NO_KEYCHAIN}`,
    );
  }

  private requireDialogs(): FileDialogs {
    if (this.options.dialogs) return this.options.dialogs;
    throw new AppError('unavailable', 'there are no native file dialogs in a browser window');
  }

  private requireSupervisor(action: string): SupervisorHandle {
    if (this.supervisor) return this.supervisor;
    const status = this.view.tracker.status();
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

/** A reason as the window shows it: a capitalised sentence. */
function sentence(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
