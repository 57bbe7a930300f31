// What the config form calls each field, the help under it, and the section it is shown in. The
// contract (CONFIG_FORM_FIELDS) says which fields there are and of what kind; the wording is the
// window's own. Keyed by field, so a field added to the contract without a label fails to compile.
import { SECRET_MASK, type ConfigFieldKey } from '../../../main/shared/contract';

export type ConfigFieldGroup = 'Server' | 'Identity' | 'Connection' | 'Features' | 'Logging' | 'Watchdog';

/** The form's sections in order; within one, fields keep the contract's CONFIG_FORM_FIELDS order. */
export const CONFIG_FIELD_GROUPS: readonly ConfigFieldGroup[] = [
  'Server',
  'Identity',
  'Connection',
  'Features',
  'Logging',
  'Watchdog',
];

export interface ConfigFieldLabel {
  group: ConfigFieldGroup;
  label: string;
  help: string;
}

export const CONFIG_FIELD_LABELS: Record<ConfigFieldKey, ConfigFieldLabel> = {
  'client.server': { group: 'Server', label: 'Server', help: 'rportd address: host:port or a ws:// or wss:// URL.' },
  'client.fallback_servers': {
    group: 'Server',
    label: 'Fallback servers',
    help: 'Tried in order when the server is unreachable; one per line.',
  },
  'client.server_switchback_interval': {
    group: 'Server',
    label: 'Switchback interval',
    help: 'While on a fallback, how often to try the server again (e.g. 2m).',
  },
  'client.fingerprint': {
    group: 'Server',
    label: 'Server fingerprint',
    help: "The server key's fingerprint (or a prefix of it).",
  },
  'auth.id': { group: 'Identity', label: 'Client auth ID', help: 'The part of `auth` before the colon.' },
  'auth.password': { group: 'Identity', label: 'Password', help: 'Leave empty to keep the current password.' },
  'client.id': { group: 'Identity', label: 'Client ID', help: 'Empty: the machine id is used.' },
  'client.name': { group: 'Identity', label: 'Client name', help: 'Empty: the hostname is used.' },
  'client.tags': { group: 'Identity', label: 'Tags', help: 'One per line.' },
  'client.proxy': {
    group: 'Connection',
    label: 'Proxy',
    help: 'http://host:port or socks5://host:port; empty for none.',
  },
  'connection.keep_alive': { group: 'Connection', label: 'Keep-alive', help: 'Ping interval (e.g. 3m); 0s disables.' },
  'connection.keep_alive_timeout': {
    group: 'Connection',
    label: 'Keep-alive timeout',
    help: 'How long to wait for a ping reply (e.g. 30s).',
  },
  'connection.max_retry_count': { group: 'Connection', label: 'Max retries', help: '-1 retries for ever.' },
  'connection.watchdog_integration': {
    group: 'Connection',
    label: 'Write state.json',
    help: 'For external watchdogs (systemd, scheduled task).',
  },
  'client.remotes': {
    group: 'Features',
    label: 'Tunnels (remotes)',
    help: 'Tunnels requested on connect, e.g. 3389 or 0.0.0.0:2222:22.',
  },
  'remote-commands.enabled': {
    group: 'Features',
    label: 'Remote commands',
    help: 'Let the server run commands on this machine.',
  },
  'remote-scripts.enabled': { group: 'Features', label: 'Remote scripts', help: 'Needs remote commands.' },
  'monitoring.enabled': { group: 'Features', label: 'Monitoring', help: 'Send CPU, memory and disk measurements.' },
  'file-reception.enabled': {
    group: 'Features',
    label: 'File reception',
    help: 'Accept files uploaded by the server.',
  },
  'client.data_dir': { group: 'Logging', label: 'Data folder', help: 'Holds state.json and received files.' },
  'logging.log_level': { group: 'Logging', label: 'Log level', help: 'error, info or debug.' },
  'logging.log_file': { group: 'Logging', label: 'Log file', help: 'Empty: standard output.' },
  'watchdog.restart_burst': {
    group: 'Watchdog',
    label: 'Restarts allowed',
    help: 'How often the engine may be restarted within the window below before the app stops trying (1-100).',
  },
  'watchdog.restart_interval': {
    group: 'Watchdog',
    label: 'Restart window',
    help: 'The window the restarts are counted in (10s to 24h, e.g. 10m).',
  },
  'watchdog.restart_backoff_min': {
    group: 'Watchdog',
    label: 'First restart after',
    help: 'Wait before the first restart; it doubles with each further one (100ms to 5m).',
  },
  'watchdog.restart_backoff_max': {
    group: 'Watchdog',
    label: 'Longest wait',
    help: 'The doubling stops here (at least the first wait, at most 1h).',
  },
};

/** The password field never shows the password: it says where it is instead. */
export function passwordPlaceholder(hasPassword: boolean, passwordInKeychain: boolean): string {
  if (passwordInKeychain) return 'in the system keychain (unchanged)';
  return hasPassword ? `${SECRET_MASK} (unchanged)` : 'not set';
}
