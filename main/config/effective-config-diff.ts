// What a config change means for a running client: nothing (a comment, the layout, a value written
// another way, the window writing the file back unchanged), something the engine takes while connected,
// or something that needs a new connection (and so cuts the open tunnel streams). Compared on the
// effective config (effective-config.ts: Go's fix-ups applied, server addresses normalised), key by key
// as config-schema.ts lists them, so `keep_alive = "60s"` and `keep_alive = "1m"` are the same value.
//
// Applied without a new connection (main/engine/live-config.ts does it in the worker):
//   - read on every request: `[remote-commands]`, `[remote-scripts]`, `[interpreter-aliases]`,
//     `[file-reception]`, `max_retry_count` (checked after each failed attempt), `[logging] log_level`;
//   - per connection, restarted on it: `[monitoring]`, `updates_interval`, `ip_api_url`,
//     `ip_refresh_min` (the session features, docs/protocol.md §5.3);
//   - `[logging] log_file` is the main process's (its log opens once, at start).
// Everything else is sent in `new_connection`, shapes the dial or the keep-alive the watchdog judges, or
// is checked against the tunnels at start (`tunnel_allowed` with `remotes`, as Go does): a new connection.
// rportd's copy of the client's configuration (ClientConfiguration in `new_connection`) follows at the
// next connection either way.
import type { RportConfig } from '../shared/types/config-types';
import { CONFIG_KEYS } from './config-schema';
import { resolveEffectiveConfig } from './effective-config';

export type ConfigApplyKind = 'none' | 'live' | 'reconnect';

export interface EffectiveConfigChange {
  kind: ConfigApplyKind;
  /** Dotted keys whose effective value changed, in config-schema order (aliases last). */
  changed: string[];
  /** Those of `changed` that need a new connection. */
  reconnect: string[];
  /** True when a change restarts the per-connection features (monitoring, updates, IP addresses). */
  restartsSessionFeatures: boolean;
}

/** Keys read again on every request, or by the main process: a change needs nothing restarted. */
const PER_REQUEST_SECTIONS = new Set(['remote-commands', 'remote-scripts', 'interpreter-aliases', 'file-reception']);
const PER_REQUEST_KEYS = new Set(['connection.max_retry_count', 'logging.log_level', 'logging.log_file']);
/** Keys the session features read when they start on a connection. */
const SESSION_FEATURE_KEYS = new Set(['client.updates_interval', 'client.ip_api_url', 'client.ip_refresh_min']);

function isSessionFeatureKey(dotted: string): boolean {
  return dotted.startsWith('monitoring.') || SESSION_FEATURE_KEYS.has(dotted);
}

/** True when a change of `dotted` can be applied to a running connection. */
export function appliesLive(dotted: string): boolean {
  const section = dotted.slice(0, dotted.indexOf('.'));
  return PER_REQUEST_SECTIONS.has(section) || PER_REQUEST_KEYS.has(dotted) || isSessionFeatureKey(dotted);
}

/** The value of `section.key` as the engine runs it: servers normalised, durations after Go's fix-ups. */
function effectiveValues(config: RportConfig): Map<string, string> {
  const resolved = resolveEffectiveConfig(config).effective;
  const effective = resolved?.config ?? config;
  const values = new Map<string, string>();
  for (const spec of CONFIG_KEYS) {
    const section = effective[spec.section] as unknown as Record<string, unknown>;
    values.set(`${spec.section}.${spec.key}`, JSON.stringify(section[spec.key]));
  }
  if (resolved) {
    // `host:80`, `http://host` and `ws://host:80` dial the same server.
    const [primary, ...fallbacks] = resolved.servers.map((s) => s.url);
    values.set('client.server', JSON.stringify(primary ?? ''));
    values.set('client.fallback_servers', JSON.stringify(fallbacks));
  }
  for (const [alias, value] of Object.entries(effective['interpreter-aliases'])) {
    values.set(`interpreter-aliases.${alias.toLowerCase()}`, JSON.stringify(value));
  }
  return values;
}

export function diffEffectiveConfigs(before: RportConfig, after: RportConfig): EffectiveConfigChange {
  const a = effectiveValues(before);
  const b = effectiveValues(after);
  const changed: string[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) if (a.get(key) !== b.get(key)) changed.push(key);
  const reconnect = changed.filter((key) => !appliesLive(key));
  return {
    kind: changed.length === 0 ? 'none' : reconnect.length > 0 ? 'reconnect' : 'live',
    changed,
    reconnect,
    restartsSessionFeatures: changed.some(isSessionFeatureKey),
  };
}
