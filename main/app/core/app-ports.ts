// What the app core needs from the services it composes. The real config service, supervisor and
// connection test are adapted to these in create-app-deps.ts; tests pass fakes. Narrow on purpose: the
// core depends on what it uses, not on every method those modules offer.
import type {
  Capabilities,
  ConnectionPatch,
  ConnectionSettings,
  ConnectionTestReport,
  ImportCandidate,
  PreferencesPatch,
  SetupInput,
  WindowPreferences,
} from '../../shared/contract';
import type { ConfigProblem, RportConfig } from '../../shared/types/config-types';
import type { SupervisorEvent } from '../../watchdog/supervisor-types';

export interface ValidatedConfig {
  /** The parsed config with defaults applied; null when there is an error. */
  config: RportConfig | null;
  problems: ConfigProblem[];
}

export interface ConfigPort {
  /** The file's text, or null when it does not exist. */
  readText(path: string): Promise<string | null>;
  /** Parses and validates a text (nothing written); problems name the key and line. */
  validate(text: string, path: string): ValidatedConfig;
  /** Writes atomically, keeping the previous file, readable by the owner only (it holds a password). */
  saveText(path: string, text: string): Promise<void>;
  /** The text with every secret replaced (for diagnostics). */
  redactText(text: string): string;
  /** Keys an administrator's policy pins (dotted TOML keys). */
  lockedKeys(): string[];
}

export interface SupervisorHandle {
  start(): Promise<void>;
  stop(): Promise<void>;
  pause(): void;
  resume(): void;
  switchServer(index: number): void;
  /** The user asked for a restart. */
  restart(): void;
  /** After `failed`: a fresh restart budget and a new worker. */
  retry(): void;
  /**
   * Applies a config change that needs no new connection to the running engine (and to later runs of this
   * supervisor). Optional: without it the core restarts the engine for every change.
   */
  applyConfig?(config: RportConfig): void;
  onEvent(listener: (event: SupervisorEvent) => void): () => void;
}

export interface SupervisorRunOptions {
  config: RportConfig;
  configPath: string;
  /** Kept for the app's life so rportd takes a reconnect after a restart as the same session. */
  sessionId: string;
}

export type SupervisorFactory = (options: SupervisorRunOptions) => SupervisorHandle;

/** "Block remote commands": held by the run composition so it outlives engine runs (the tray sets it too). */
export interface RemoteCommandsPort {
  setBlocked(blocked: boolean): void;
}

/**
 * Service mode (issue 17): the core follows the rport service installed on this machine instead of
 * running an engine of its own. Its config (the service's rport.conf) is edited like the app's.
 */
export interface ServiceModePort {
  /** The service's watchdog, driven like the engine supervisor (pause, resume and server switches are refused). */
  handle: SupervisorHandle;
  /** A saved or changed config: restarts the service only when the effective config changed; true when it did. */
  configApplied(config: RportConfig): Promise<boolean>;
}

export type ConnectionTester = (input: SetupInput, signal: AbortSignal) => Promise<ConnectionTestReport>;

/**
 * The app preferences the window edits, and what this mode of the app can do. Headless: stored with
 * conf in the data folder. Electron: electron-store, with start at login applied through the login item.
 * Every change goes through the core (the tray's "Start at login" too), whose `settings` event redraws the
 * tray and updates an open Settings view.
 */
export interface SettingsPort {
  preferences(): WindowPreferences;
  /** Validates (zod), stores and applies a change; resolves with the preferences now in effect. */
  update(patch: PreferencesPatch): Promise<WindowPreferences>;
  /** Everything but the keychain, which the KeychainPort reports. */
  capabilities(): Omit<Capabilities, 'keychain'>;
  /** What the app follows (its own engine or the rport service here), with the policy's locks (issue 17). */
  connection?(): ConnectionSettings;
  /** Validates, stores and applies a change (the desktop app restarts into the new mode). */
  updateConnection?(patch: ConnectionPatch): Promise<ConnectionSettings>;
}

/** The OS keychain, for the password of the config in use. */
export interface KeychainPort {
  available(): boolean;
  unavailableReason(): string | null;
  getPassword(): Promise<string | null>;
  setPassword(password: string): Promise<void>;
  deletePassword(): Promise<void>;
  /**
   * Moves the password of `client.auth` into the keychain; the file keeps `auth = "id:"` with its comments,
   * and no backup holding the password is left behind.
   */
  moveToKeychain(): Promise<{ moved: boolean; reason?: string }>;
}

/** An rport.conf copied from somewhere else, prepared (validated) but not written. */
export interface PreparedImport {
  text: string;
  /** The copy's problems (as the config in use). */
  problems: ConfigProblem[];
  /** The original's problems, with its own lines. */
  sourceProblems: ConfigProblem[];
  notes: string[];
}

export interface ConfigImportPort {
  candidates(): Promise<ImportCandidate[]>;
  /** Reads and validates `from` as the copy would be; throws when it cannot be read. */
  prepare(from: string, to: string): Promise<PreparedImport>;
}

/** Native dialogs (Electron); absent headless, where the window types paths and downloads files. */
export interface FileDialogs {
  /** An rport.conf to import; null when cancelled. */
  chooseConfigFile(): Promise<string | null>;
  /** Where to save a file named `defaultName`; null when cancelled. */
  chooseSavePath(defaultName: string): Promise<string | null>;
}
