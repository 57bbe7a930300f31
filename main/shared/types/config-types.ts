// The shape of a parsed rport.conf, key for key as the Go client reads it (docs/protocol.md §8).
// Keys keep their TOML spelling (snake_case, dashed section names) so that a dotted path such as
// `connection.keep_alive` means the same thing in the file, the editor, the CLI and this type.

/** A Go duration in nanoseconds (a bare TOML integer is nanoseconds; strings use Go syntax). */
export type DurationNs = number;

export type LogLevel = 'error' | 'info' | 'debug';

export interface ClientSection {
  server: string;
  fallback_servers: string[];
  server_switchback_interval: DurationNs;
  fingerprint: string;
  /** `<client-auth-id>:<password>`; a secret. */
  auth: string;
  proxy: string;
  id: string;
  use_system_id: boolean;
  name: string;
  use_hostname: boolean;
  tags: string[];
  labels: Record<string, string>;
  attributes_file_path: string;
  remotes: string[];
  tunnel_allowed: string[];
  allow_root: boolean;
  updates_interval: DurationNs;
  data_dir: string;
  bind_interface: string;
  ip_api_url: string;
  /** Minutes, as an integer (not a duration). */
  ip_refresh_min: number;
}

export interface ConnectionSection {
  keep_alive: DurationNs;
  keep_alive_timeout: DurationNs;
  max_retry_count: number;
  max_retry_interval: DurationNs;
  headers: string[];
  hostname: string;
  watchdog_integration: boolean;
}

export interface LoggingSection {
  log_file: string;
  log_level: LogLevel;
}

export type CommandOrder = ['allow', 'deny'] | ['deny', 'allow'];

export interface RemoteCommandsSection {
  enabled: boolean;
  send_back_limit: number;
  allow: string[];
  deny: string[];
  order: CommandOrder;
}

export interface RemoteScriptsSection {
  enabled: boolean;
}

/** `[name, max speed in Mbit/s]` as written in the config. */
export type NetworkCard = [string, number];

export interface MonitoringSection {
  enabled: boolean;
  interval: DurationNs;
  fs_type_include: string[];
  fs_path_exclude: string[];
  fs_path_exclude_recurse: boolean;
  fs_identify_mountpoints_by_device: boolean;
  pm_enabled: boolean;
  pm_kerneltasks_enabled: boolean;
  pm_max_number_processes: number;
  net_lan: NetworkCard | null;
  net_wan: NetworkCard | null;
}

export interface InterpreterAlias {
  path: string;
  input_encoding: string;
  output_encoding: string;
}

export interface FileReceptionSection {
  enabled: boolean;
  protected: string[];
}

/** RPort Tray's own section (the Go client ignores it): the supervisor's restart policy. Durations in ns. */
export interface WatchdogSection {
  restart_burst: number;
  restart_interval: number;
  restart_backoff_min: number;
  restart_backoff_max: number;
}

export interface RportConfig {
  client: ClientSection;
  connection: ConnectionSection;
  logging: LoggingSection;
  'remote-commands': RemoteCommandsSection;
  'remote-scripts': RemoteScriptsSection;
  monitoring: MonitoringSection;
  'interpreter-aliases': Record<string, InterpreterAlias>;
  'file-reception': FileReceptionSection;
  watchdog: WatchdogSection;
}

export type ConfigSectionName = keyof RportConfig;

/** One problem found in a config file; `line` is 1-based, null when the key is absent from the file. */
export interface ConfigProblem {
  severity: 'error' | 'warning';
  file: string;
  line: number | null;
  /** Dotted key, e.g. `client.server`; empty for file-level problems such as a TOML syntax error. */
  key: string;
  message: string;
}
