// The app core's single door to rport.conf: load (effective config, problems, locked keys, raw text),
// live validation for the editor, saving raw text or structured edits (validated, atomic, backed up),
// the password from the keychain, and watching the file. When the file on disk changes and becomes
// invalid, the last good config keeps running and an `invalid` event says why.
import { EventEmitter } from 'node:events';
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ConfigProblem, RportConfig } from '../shared/types/config-types';
import { currentPlatform, type ConfigPlatform } from './defaults';
import { loadConfig, resolvePolicy, validateConfigText, type LoadOptions, type LoadedConfig } from './load-config';
import { parseConfigText } from './parse-config';
import type { HostLookup } from './rules/host-lookup';
import { saveConfigText, editConfigFile, type ConfigWriter, type SaveResult } from './save-config';
import type { ConfigEdit } from './toml-editor';
import { maskConfigText } from '../shared/secrets';
import type { SecretStore } from './secret-store';
import { NoSecretStore } from './secret-store';
import { passwordOverrideFor, movePasswordToKeychain, type MovePasswordResult } from './config-secrets';
import { noPolicy, type Policy } from './policy';
import type { AtomicWriteFs } from './atomic-write';
import { hasErrors } from './problems';

export interface ConfigServiceOptions {
  file: string;
  defaultDataDir: string;
  platform?: ConfigPlatform;
  /** Default: the per-OS path (or RPORT_TRAY_POLICY); null: no policy. */
  policyPath?: string | null;
  secretStore?: SecretStore;
  lookup?: HostLookup;
  /** Quiet time before a change on disk is read (editors write in several steps). Default 150 ms. */
  watchDebounceMs?: number;
  fs?: Partial<AtomicWriteFs>;
  /** Writes a saved text (e.g. through an elevation helper for a service's file); default: atomic write. */
  write?: ConfigWriter;
}

export type ConfigServiceEvent =
  /** A valid config is now the one in use (after load, a save, or a change on disk). */
  | { type: 'loaded'; loaded: LoadedConfig }
  /** The file on disk is invalid; `lastGood` keeps running. */
  | { type: 'invalid'; loaded: LoadedConfig };

export interface EngineConfig {
  config: RportConfig;
  configPath: string;
  /** From the keychain when the file says `auth = "id:"`; memory only. */
  passwordOverride?: string;
  lockedKeys: string[];
}

export class ConfigService {
  private readonly events = new EventEmitter();
  private policy: Policy = noPolicy();
  private currentLoaded: LoadedConfig | null = null;
  private good: LoadedConfig | null = null;
  private watcher: FSWatcher | null = null;
  private debounce: NodeJS.Timeout | null = null;
  readonly secretStore: SecretStore;
  readonly file: string;
  private readonly platform: ConfigPlatform;

  constructor(private readonly options: ConfigServiceOptions) {
    this.file = path.resolve(options.file);
    this.platform = options.platform ?? currentPlatform();
    this.secretStore = options.secretStore ?? new NoSecretStore();
  }

  private loadOptions(): LoadOptions {
    return {
      defaultDataDir: this.options.defaultDataDir,
      platform: this.platform,
      policy: this.policy,
      lookup: this.options.lookup,
    };
  }

  private writeOptions(): { fs?: Partial<AtomicWriteFs>; write?: ConfigWriter } {
    return { fs: this.options.fs, ...(this.options.write ? { write: this.options.write } : {}) };
  }

  on(listener: (event: ConfigServiceEvent) => void): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  private emit(event: ConfigServiceEvent): void {
    this.events.emit('event', event);
  }

  /** Reads the policy and the file; a valid result becomes the last good config. */
  async load(): Promise<LoadedConfig> {
    this.policy = await resolvePolicy({
      defaultDataDir: this.options.defaultDataDir,
      platform: this.platform,
      policyPath: this.options.policyPath,
    });
    return this.adopt(await loadConfig(this.file, this.loadOptions()));
  }

  private adopt(loaded: LoadedConfig): LoadedConfig {
    this.currentLoaded = loaded;
    if (loaded.ok) {
      this.good = loaded;
      this.emit({ type: 'loaded', loaded });
    } else this.emit({ type: 'invalid', loaded });
    return loaded;
  }

  /** The last load, valid or not. */
  get current(): LoadedConfig | null {
    return this.currentLoaded;
  }

  /** The last config that validated: what the engine runs with. */
  get lastGood(): LoadedConfig | null {
    return this.good;
  }

  lockedKeys(): string[] {
    return [...this.policy.lockedKeys];
  }

  /** Live validation of editor text (DNS included), nothing written. */
  async validateText(text: string): Promise<LoadedConfig> {
    return validateConfigText(text, this.file, this.loadOptions());
  }

  /** Synchronous validation (no DNS) for callers that cannot wait: the app core's ConfigPort. */
  validateTextSync(text: string, file = this.file): { config: RportConfig | null; problems: ConfigProblem[] } {
    const parsed = parseConfigText(text, {
      file,
      defaultDataDir: this.options.defaultDataDir,
      platform: this.platform,
      overrides: this.policy.exists ? this.policy.pins : undefined,
      overridesFile: this.policy.file ?? undefined,
      overridesPositions: this.policy.positions,
    });
    const problems = [...this.policy.problems, ...parsed.problems];
    return { config: hasErrors(problems) ? null : parsed.config, problems };
  }

  /** Saves the whole text (the window's raw view): validated, atomic, previous file kept as .bak. */
  async saveText(text: string): Promise<SaveResult> {
    const result = await saveConfigText(this.file, text, { ...this.loadOptions(), ...this.writeOptions() });
    if (result.saved) this.adopt(result.loaded);
    return result;
  }

  /** Structured edits (set/unset keys and array items) with comments kept; locked keys refused. */
  async applyEdits(edits: readonly ConfigEdit[]): Promise<SaveResult> {
    const result = await editConfigFile(this.file, edits, { ...this.loadOptions(), ...this.writeOptions() });
    if (result.saved) this.adopt(result.loaded);
    return result;
  }

  async readText(): Promise<string | null> {
    try {
      return await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  redactText(text: string): string {
    return maskConfigText(text);
  }

  /** What the supervisor starts the engine with: the last good config and the keychain password. */
  async engineConfig(): Promise<EngineConfig | null> {
    const good = this.good;
    if (!good) return null;
    const passwordOverride = await passwordOverrideFor(good.config, this.file, this.secretStore);
    return {
      config: good.config,
      configPath: this.file,
      lockedKeys: good.lockedKeys,
      ...(passwordOverride !== undefined ? { passwordOverride } : {}),
    };
  }

  async movePasswordToKeychain(): Promise<MovePasswordResult> {
    const result = await movePasswordToKeychain(this.file, this.secretStore);
    if (result.moved) await this.load();
    return result;
  }

  /** Watches the file's folder (editors replace files by rename, which a file watch would miss). */
  watch(): void {
    if (this.watcher) return;
    const base = path.basename(this.file);
    this.watcher = watch(path.dirname(this.file), (_event, name) => {
      if (name !== null && name.toString() !== base) return;
      if (this.debounce) clearTimeout(this.debounce);
      this.debounce = setTimeout(() => void this.onDiskChange(), this.options.watchDebounceMs ?? 150);
    });
    this.watcher.on('error', () => undefined);
  }

  private async onDiskChange(): Promise<void> {
    this.debounce = null;
    const text = await this.readText().catch(() => null);
    // Nothing new since the last load (our own save, or an editor touching the file without a change).
    if (text === (this.currentLoaded?.text ?? null)) return;
    this.adopt(await loadConfig(this.file, this.loadOptions()));
  }

  close(): void {
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = null;
    this.watcher?.close();
    this.watcher = null;
    this.events.removeAllListeners();
  }

  /** The narrow port the app core uses (main/app/core/app-ports.ts ConfigPort), bound to this service. */
  port(): {
    readText(path: string): Promise<string | null>;
    validate(text: string, path: string): { config: RportConfig | null; problems: ConfigProblem[] };
    saveText(path: string, text: string): Promise<void>;
    redactText(text: string): string;
    lockedKeys(): string[];
  } {
    return {
      readText: async () => this.readText(),
      validate: (text, file) => this.validateTextSync(text, file),
      saveText: async (_file, text) => {
        const result = await this.saveText(text);
        if (!result.saved) {
          const first = result.problems.find((p) => p.severity === 'error');
          throw new Error(`not saved: ${first ? `${first.key}: ${first.message}` : 'the config has errors'}`);
        }
      },
      redactText: (text) => this.redactText(text),
      lockedKeys: () => this.lockedKeys(),
    };
  }
}
