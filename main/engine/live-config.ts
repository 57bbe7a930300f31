// A config change applied to a running engine without a new connection (the supervisor's `update-config`
// command; which keys qualify is main/config/effective-config-diff.ts). The engine keeps running on the
// effective config of the new text: request handlers read it on the next request (remote commands,
// scripts, uploads, aliases), the log level and max_retry_count take at once, and the per-connection
// features (monitoring, updates, IP addresses) are restarted on the live connection when theirs changed.
// Anything that would need a new connection is left to the next start and said so: the app restarts the
// engine for those instead of sending them here.
import { diffEffectiveConfigs, type EffectiveConfigChange } from '../config/effective-config-diff';
import { resolveEffectiveConfig } from '../config/effective-config';
import type { RportConfig } from '../shared/types/config-types';

export interface LiveConfigTarget {
  /** The config the run uses now (the prepared run's effective config), or null before it is prepared. */
  current: RportConfig | null;
  /** Makes `config` the run's config (what the request handlers and features read from now on). */
  adopt(config: RportConfig): void;
  /** Stops and starts the per-connection features on the live connection, if there is one. */
  restartSessionFeatures(): void;
  log(level: 'info' | 'warn', message: string): void;
}

/** Applies what can be applied live; returns the change (kind `reconnect` parts are not applied). */
export function applyLiveConfig(target: LiveConfigTarget, next: RportConfig): EffectiveConfigChange | null {
  const resolved = resolveEffectiveConfig(next).effective;
  if (!resolved) {
    target.log('warn', 'config update ignored: the new config does not resolve (the app validates it first)');
    return null;
  }
  const current = target.current;
  if (!current) {
    target.adopt(resolved.config);
    return null;
  }
  const change = diffEffectiveConfigs(current, resolved.config);
  if (change.kind === 'none') return change;
  if (change.reconnect.length > 0) {
    target.log(
      'warn',
      `config update: ${change.reconnect.join(', ')} ${change.reconnect.length === 1 ? 'needs' : 'need'} a new connection and ${change.reconnect.length === 1 ? 'applies' : 'apply'} at the next start`,
    );
  }
  // The live parts only: a key that needs a new connection keeps its running value until then.
  const adopted = structuredClone(resolved.config);
  for (const key of change.reconnect) copyKey(current, adopted, key);
  target.adopt(adopted);
  if (change.restartsSessionFeatures) target.restartSessionFeatures();
  const live = change.changed.filter((key) => !change.reconnect.includes(key));
  if (live.length > 0) target.log('info', `config applied without reconnecting: ${live.join(', ')}`);
  return change;
}

function copyKey(from: RportConfig, to: RportConfig, dotted: string): void {
  const dot = dotted.indexOf('.');
  const section = dotted.slice(0, dot) as keyof RportConfig;
  const key = dotted.slice(dot + 1);
  const source = from[section] as unknown as Record<string, unknown>;
  const target = to[section] as unknown as Record<string, unknown>;
  if (key in source) target[key] = structuredClone(source[key]);
  else delete target[key];
}
