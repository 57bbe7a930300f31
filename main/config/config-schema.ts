// Every key the Go client reads from rport.conf (docs/protocol.md §8.2), with the type its decoder
// coerces to. One table drives decoding, unknown-key warnings, the editor and `rport-tray config`.
import type { ConfigSectionName } from '../shared/types/config-types';

/**
 * How a value is decoded (viper + mapstructure, weakly typed):
 * `duration`: Go duration string, or a bare integer in nanoseconds; `minutes`: integer minutes;
 * `card`: `[name, max Mbit/s]`; `order`: `['allow','deny']` or `['deny','allow']`.
 */
export type KeyKind =
  'string' | 'bool' | 'int' | 'uint' | 'duration' | 'minutes' | 'strings' | 'stringMap' | 'card' | 'order' | 'logLevel';

export interface KeySpec {
  section: ConfigSectionName;
  key: string;
  kind: KeyKind;
  summary: string;
}

const k = (section: ConfigSectionName, key: string, kind: KeyKind, summary: string): KeySpec => ({
  section,
  key,
  kind,
  summary,
});

export const CONFIG_KEYS: readonly KeySpec[] = [
  k('client', 'server', 'string', 'rportd address, host:port or URL (required)'),
  k('client', 'fallback_servers', 'strings', 'servers tried in order when the main server fails'),
  k('client', 'server_switchback_interval', 'duration', 'how often to probe the main server while on a fallback'),
  k('client', 'fingerprint', 'string', "the server's SSH host-key fingerprint (pinning)"),
  k('client', 'auth', 'string', '<client-auth-id>:<password>'),
  k('client', 'proxy', 'string', 'http://[user:pass@]host:port, socks:// or socks5h:// proxy'),
  k('client', 'id', 'string', 'client ID'),
  k('client', 'use_system_id', 'bool', 'use the machine id when id is empty'),
  k('client', 'name', 'string', 'client name'),
  k('client', 'use_hostname', 'bool', 'use the host name when name is empty'),
  k('client', 'tags', 'strings', 'tags, unless an attributes file is read'),
  k('client', 'labels', 'stringMap', 'labels, unless an attributes file is read'),
  k('client', 'attributes_file_path', 'string', 'JSON file with {"tags":[…],"labels":{…}}'),
  k('client', 'remotes', 'strings', 'tunnels to request on connect'),
  k('client', 'tunnel_allowed', 'strings', 'tunnel targets allowed (empty: all)'),
  k('client', 'allow_root', 'bool', 'allow running as root (non-Windows)'),
  k('client', 'updates_interval', 'duration', 'pending-updates refresh interval; 0 disables'),
  k('client', 'data_dir', 'string', 'data directory (state.json, scripts, uploads)'),
  k('client', 'bind_interface', 'string', 'source interface for outgoing connections'),
  k('client', 'ip_api_url', 'string', 'http(s) URL that tells the public IP; empty disables'),
  k('client', 'ip_refresh_min', 'minutes', 'public-IP refresh interval in minutes'),
  k('connection', 'keep_alive', 'duration', 'client ping interval; 0 disables'),
  k('connection', 'keep_alive_timeout', 'duration', 'ping reply timeout'),
  k('connection', 'max_retry_count', 'int', 'give up after this many failed attempts; -1 never'),
  k('connection', 'max_retry_interval', 'duration', 'unused since 0.9.8 (kept for compatibility)'),
  k('connection', 'headers', 'strings', 'extra HTTP headers, "Name: value"'),
  k('connection', 'hostname', 'string', 'Host header override'),
  k('connection', 'watchdog_integration', 'bool', 'write state.json for an external watchdog'),
  k('logging', 'log_file', 'string', 'log file; empty means stdout'),
  k('logging', 'log_level', 'logLevel', 'error, info or debug'),
  k('remote-commands', 'enabled', 'bool', 'allow the server to run commands'),
  k('remote-commands', 'send_back_limit', 'int', 'bytes of stdout/stderr sent back, each'),
  k('remote-commands', 'allow', 'strings', 'regular expressions (Go RE2) a command must match'),
  k('remote-commands', 'deny', 'strings', 'regular expressions (Go RE2) that refuse a command'),
  k('remote-commands', 'order', 'order', "['allow','deny'] or ['deny','allow']"),
  k('remote-scripts', 'enabled', 'bool', 'allow the server to run scripts (needs remote commands)'),
  k('monitoring', 'enabled', 'bool', 'send monitoring data'),
  k('monitoring', 'interval', 'duration', 'monitoring interval (at least 60s)'),
  k('monitoring', 'fs_type_include', 'strings', 'file-system types to watch'),
  k('monitoring', 'fs_path_exclude', 'strings', 'mount points to skip (globs)'),
  k('monitoring', 'fs_path_exclude_recurse', 'bool', 'exclude below excluded paths too'),
  k('monitoring', 'fs_identify_mountpoints_by_device', 'bool', 'identify mount points by device'),
  k('monitoring', 'pm_enabled', 'bool', 'process monitoring'),
  k('monitoring', 'pm_kerneltasks_enabled', 'bool', 'include kernel tasks'),
  k('monitoring', 'pm_max_number_processes', 'uint', 'processes reported at most'),
  k('monitoring', 'net_lan', 'card', "LAN card: ['name', max Mbit/s]"),
  k('monitoring', 'net_wan', 'card', "WAN card: ['name', max Mbit/s]"),
  k('file-reception', 'enabled', 'bool', 'accept files pushed by the server'),
  k('file-reception', 'protected', 'strings', 'globs of directories files may not be written to'),
  k('watchdog', 'restart_burst', 'int', 'RPort Tray: restarts of the engine allowed within restart_interval'),
  k('watchdog', 'restart_interval', 'duration', 'RPort Tray: the window restart_burst counts in'),
  k('watchdog', 'restart_backoff_min', 'duration', 'RPort Tray: wait before the first restart'),
  k('watchdog', 'restart_backoff_max', 'duration', 'RPort Tray: longest wait between restarts'),
];

/** Sections in file order; `interpreter-aliases` holds free-form `alias = value` keys. */
export const SECTION_NAMES: readonly ConfigSectionName[] = [
  'client',
  'connection',
  'logging',
  'remote-commands',
  'remote-scripts',
  'monitoring',
  'interpreter-aliases',
  'file-reception',
  'watchdog',
];

export const ALIASES_SECTION = 'interpreter-aliases';

const BY_DOTTED = new Map(CONFIG_KEYS.map((spec) => [`${spec.section}.${spec.key}`, spec]));

/** The spec of `section.key` (case-insensitive like viper); aliases get a synthetic spec; else undefined. */
export function findKeySpec(dotted: string): KeySpec | undefined {
  const lower = dotted.toLowerCase();
  const spec = BY_DOTTED.get(lower);
  if (spec) return spec;
  if (lower.startsWith(`${ALIASES_SECTION}.`) && lower.length > ALIASES_SECTION.length + 1) {
    return {
      section: ALIASES_SECTION,
      key: dotted.slice(ALIASES_SECTION.length + 1),
      kind: 'string',
      summary: 'interpreter alias',
    };
  }
  return undefined;
}

/** Known wrong names (two are in the upstream example file itself) and what the Go client reads instead. */
export const KNOWN_MISSPELLINGS: Record<string, string> = {
  'monitoring.pm_enable_kerneltask_monitoring': 'pm_kerneltasks_enabled',
  'monitoring.pm_max_number_monitored_processes': 'pm_max_number_processes',
};
