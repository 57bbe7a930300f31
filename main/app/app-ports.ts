// What the app core needs from the services it composes. The real config service, supervisor and
// connection test are adapted to these in create-app-deps.ts; tests pass fakes. Narrow on purpose: the
// core depends on what it uses, not on every method those modules offer.
import type { ConnectionTestReport, SetupInput } from '../../preload/contract';
import type { ConfigProblem, RportConfig } from '../config/config-types';
import type { SupervisorEvent } from '../watchdog/supervisor-types';

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
  onEvent(listener: (event: SupervisorEvent) => void): () => void;
}

export interface SupervisorRunOptions {
  config: RportConfig;
  configPath: string;
  /** Kept for the app's life so rportd takes a reconnect after a restart as the same session. */
  sessionId: string;
}

export type SupervisorFactory = (options: SupervisorRunOptions) => SupervisorHandle;

export type ConnectionTester = (input: SetupInput, signal: AbortSignal) => Promise<ConnectionTestReport>;
