// `ClientConfiguration` of `new_connection` (docs/protocol.md §3.6, Appendix A): the effective config as
// Go's clientconfig.Config marshals it — snake_case keys in Go's field order, durations as integer
// nanoseconds, an empty list as Go's nil slice (`null`) or empty slice (`[]`) exactly where the Go client
// has each (`asGoList`, docs/protocol.md §3.6) — with these deliberate deviations:
//   - `auth` and `auth_pass` blanked (Go sends the plaintext password; rportd does not need it);
//   - `proxy` without user info, and credential headers (Authorization, Cookie, …) blanked;
//   - `log_file` `{"File":null}`, `allow_regexp`/`deny_regexp`/`proxy_url` null, which every rportd decodes
//     whatever Go version built it (§3.6).
import type { RportConfig } from '../shared/types/config-types';
import { isCredentialHeader } from '../shared/secrets/credential-header';
import type { HttpHeaderMap } from './handshake-headers';
import type { RemoteObject } from '../config/rules/remotes';
import { splitAuth } from '../shared/secrets/config-secret-fields'; // not the index: see dial.ts

const orNull = <T>(list: readonly T[]): T[] | null => (list.length === 0 ? null : [...list]);
/**
 * A list the Go client always sends as a JSON array, `[]` when empty: the keys it binds to a command-line
 * flag (their default `[]string{}` reaches the config through viper when the file leaves them out), and
 * the keys with a non-empty default, which can only be empty when the file says `[]` (docs/protocol.md §3.6).
 */
const asGoList = <T>(list: readonly T[]): T[] => [...list];
const mapOrNull = (map: Record<string, string>): Record<string, string> | null =>
  Object.keys(map).length === 0 ? null : { ...map };

const LOG_LEVELS = { error: 0, info: 1, debug: 2 } as const;

/** Proxy URL without user info: `http://user:pass@host:3128` → `http://host:3128`. */
export function proxyWithoutCredentials(proxy: string): string {
  return proxy.replace(/^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)[^/?#@]*@/, '$1');
}

function blankSensitive(header: string): string {
  const colon = header.indexOf(':');
  return colon > 0 && isCredentialHeader(header.slice(0, colon)) ? `${header.slice(0, colon)}: ` : header;
}

function blankSensitiveMap(headers: HttpHeaderMap): HttpHeaderMap {
  const out: HttpHeaderMap = {};
  for (const [name, values] of Object.entries(headers)) out[name] = isCredentialHeader(name) ? [''] : [...values];
  return out;
}

const card = (c: [string, number] | null): { name: string; max_speed: number } | null =>
  c ? { name: c[0], max_speed: c[1] } : null;

export interface ClientConfigurationInput {
  /** The effective config (Go's fix-ups applied, e.g. max_retry_interval). */
  config: RportConfig;
  /** `server` then `fallback_servers` as Go stores them after parseServerURL: the normalised URLs. */
  serverUrls: readonly string[];
  /** Parsed `remotes` (the `tunnels` key). */
  tunnels: RemoteObject[];
  /** Upgrade request headers as Go's http.Header (`http_headers`). */
  httpHeaders: HttpHeaderMap;
  /** Current tags and labels (the attributes file may have replaced the config's). */
  tags: string[];
  labels: Record<string, string>;
}

export function buildClientConfiguration(input: ClientConfigurationInput): Record<string, unknown> {
  const { config, tunnels, httpHeaders } = input;
  const c = config.client;
  const conn = config.connection;
  const aliases: Record<string, string> = {};
  const encodings: Record<string, { input_encoding: string; output_encoding: string }> = {};
  for (const [alias, entry] of Object.entries(config['interpreter-aliases'])) {
    aliases[alias] = entry.path;
    if (entry.input_encoding || entry.output_encoding) {
      encodings[alias] = { input_encoding: entry.input_encoding, output_encoding: entry.output_encoding };
    }
  }
  const m = config.monitoring;
  return {
    client: {
      server: input.serverUrls[0] ?? c.server,
      fallback_servers: asGoList(input.serverUrls.slice(1)),
      server_switchback_interval: c.server_switchback_interval,
      fingerprint: c.fingerprint,
      auth: '',
      proxy: proxyWithoutCredentials(c.proxy),
      id: c.id,
      use_system_id: c.use_system_id,
      name: c.name,
      use_hostname: c.use_hostname,
      tags: asGoList(input.tags),
      labels: mapOrNull(input.labels),
      remotes: orNull(c.remotes),
      tunnel_allowed: orNull(c.tunnel_allowed),
      allow_root: c.allow_root,
      updates_interval: c.updates_interval,
      data_dir: c.data_dir,
      bind_interface: c.bind_interface,
      ip_api_url: c.ip_api_url,
      ip_refresh_min: c.ip_refresh_min,
      proxy_url: null,
      tunnels: orNull(tunnels),
      auth_user: splitAuth(c.auth).user,
      auth_pass: '',
    },
    connection: {
      keep_alive: conn.keep_alive,
      keep_alive_timeout: conn.keep_alive_timeout,
      max_retry_count: conn.max_retry_count,
      max_retry_interval: conn.max_retry_interval,
      headers: asGoList(conn.headers.map(blankSensitive)),
      hostname: conn.hostname,
      watchdog_integration: conn.watchdog_integration,
      http_headers: blankSensitiveMap(httpHeaders),
    },
    logging: { log_file: { File: null }, log_level: LOG_LEVELS[config.logging.log_level] ?? 1 },
    remote_commands: {
      enabled: config['remote-commands'].enabled,
      send_back_limit: config['remote-commands'].send_back_limit,
      allow: asGoList(config['remote-commands'].allow),
      deny: asGoList(config['remote-commands'].deny),
      order: [...config['remote-commands'].order],
      allow_regexp: null,
      deny_regexp: null,
    },
    remote_scripts: { enabled: config['remote-scripts'].enabled },
    monitoring: {
      enabled: m.enabled,
      interval: m.interval,
      fs_type_include: asGoList(m.fs_type_include),
      fs_path_exclude: asGoList(m.fs_path_exclude),
      fs_path_exclude_recurse: m.fs_path_exclude_recurse,
      fs_identify_mountpoints_by_device: m.fs_identify_mountpoints_by_device,
      pm_enabled: m.pm_enabled,
      pm_kerneltasks_enabled: m.pm_kerneltasks_enabled,
      pm_max_number_processes: m.pm_max_number_processes,
      // Go's []string: the speed travels as text.
      net_lan: m.net_lan ? [m.net_lan[0], String(m.net_lan[1])] : [],
      net_wan: m.net_wan ? [m.net_wan[0], String(m.net_wan[1])] : [],
      lan_card: card(m.net_lan),
      wan_card: card(m.net_wan),
    },
    file_reception: {
      protected: asGoList(config['file-reception'].protected),
      enabled: config['file-reception'].enabled,
    },
    interpreter_aliases: aliases,
    interpreter_aliases_encodings: encodings,
  };
}
