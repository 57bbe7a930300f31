// The config form's fields as data: key, TOML key, kind (the schema of their values is configFormSchema in
// schemas/config-editing.ts, which re-exports this). No zod here: the main side uses the list when it
// applies form changes and so can load it at start without the contract's schemas (README "Memory").
import type { ConfigFieldKey } from './schemas/config-editing';

export type ConfigFieldKind = 'text' | 'list' | 'duration' | 'integer' | 'boolean' | 'log-level' | 'password';

export interface ConfigFieldSpec {
  /** Dotted TOML key (as in problems and locked keys); `auth.id`/`auth.password` are the two halves of `client.auth`. */
  readonly key: ConfigFieldKey;
  /** The TOML key the field is stored in (problems and locks on it apply to the field). */
  readonly tomlKey: string;
  /** Which input the window shows, and so which value type the form holds for it. */
  readonly kind: ConfigFieldKind;
}

/** Every form field once, in the form's order. */
export const CONFIG_FORM_FIELDS: readonly ConfigFieldSpec[] = [
  { key: 'client.server', tomlKey: 'client.server', kind: 'text' },
  { key: 'client.fallback_servers', tomlKey: 'client.fallback_servers', kind: 'list' },
  { key: 'client.server_switchback_interval', tomlKey: 'client.server_switchback_interval', kind: 'duration' },
  { key: 'client.fingerprint', tomlKey: 'client.fingerprint', kind: 'text' },
  { key: 'auth.id', tomlKey: 'client.auth', kind: 'text' },
  { key: 'auth.password', tomlKey: 'client.auth', kind: 'password' },
  { key: 'client.id', tomlKey: 'client.id', kind: 'text' },
  { key: 'client.name', tomlKey: 'client.name', kind: 'text' },
  { key: 'client.tags', tomlKey: 'client.tags', kind: 'list' },
  { key: 'client.proxy', tomlKey: 'client.proxy', kind: 'text' },
  { key: 'connection.keep_alive', tomlKey: 'connection.keep_alive', kind: 'duration' },
  { key: 'connection.keep_alive_timeout', tomlKey: 'connection.keep_alive_timeout', kind: 'duration' },
  { key: 'connection.max_retry_count', tomlKey: 'connection.max_retry_count', kind: 'integer' },
  { key: 'connection.watchdog_integration', tomlKey: 'connection.watchdog_integration', kind: 'boolean' },
  { key: 'client.remotes', tomlKey: 'client.remotes', kind: 'list' },
  { key: 'remote-commands.enabled', tomlKey: 'remote-commands.enabled', kind: 'boolean' },
  { key: 'remote-scripts.enabled', tomlKey: 'remote-scripts.enabled', kind: 'boolean' },
  { key: 'monitoring.enabled', tomlKey: 'monitoring.enabled', kind: 'boolean' },
  { key: 'file-reception.enabled', tomlKey: 'file-reception.enabled', kind: 'boolean' },
  { key: 'client.data_dir', tomlKey: 'client.data_dir', kind: 'text' },
  { key: 'logging.log_level', tomlKey: 'logging.log_level', kind: 'log-level' },
  { key: 'logging.log_file', tomlKey: 'logging.log_file', kind: 'text' },
  { key: 'watchdog.restart_burst', tomlKey: 'watchdog.restart_burst', kind: 'integer' },
  { key: 'watchdog.restart_interval', tomlKey: 'watchdog.restart_interval', kind: 'duration' },
  { key: 'watchdog.restart_backoff_min', tomlKey: 'watchdog.restart_backoff_min', kind: 'duration' },
  { key: 'watchdog.restart_backoff_max', tomlKey: 'watchdog.restart_backoff_max', kind: 'duration' },
];
