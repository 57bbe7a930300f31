// How a config that validates reaches the running engine (main/config/effective-config-diff.ts decides
// what changed): not at all when nothing the engine uses changed (a comment, the layout, the window
// writing the file back unchanged), live when no new connection is needed, else by a restart, which cuts
// the open tunnel streams. The window is told before it saves (the draft's saveEffect).
import type { SaveEffect } from '../../shared/contract';
import { diffEffectiveConfigs, type EffectiveConfigChange } from '../../config/effective-config-diff';
import type { RportConfig } from '../../shared/types/config-types';

export type ConfigApplyPlan =
  | { how: 'unchanged'; change: EffectiveConfigChange }
  | { how: 'live'; change: EffectiveConfigChange }
  /** `change` is null when no engine runs (it is started with the config). */
  | { how: 'restart'; change: EffectiveConfigChange | null };

/** `running`: the config of the engine running now, or null; `canApplyLive`: its supervisor can. */
export function planConfigApply(
  running: RportConfig | null,
  next: RportConfig,
  canApplyLive: boolean,
): ConfigApplyPlan {
  if (running === null) return { how: 'restart', change: null };
  const change = diffEffectiveConfigs(running, next);
  if (change.kind === 'none') return { how: 'unchanged', change };
  if (change.kind === 'live' && canApplyLive) return { how: 'live', change };
  return { how: 'restart', change };
}

/** What the window shows before "Save": null when no engine runs. */
export function saveEffectOf(
  running: RportConfig | null,
  next: RportConfig | null,
  canApplyLive: boolean,
): SaveEffect | null {
  if (running === null || next === null) return null;
  const change = diffEffectiveConfigs(running, next);
  if (change.kind === 'live' && !canApplyLive) return { kind: 'reconnect', keys: change.changed };
  return { kind: change.kind, keys: change.kind === 'reconnect' ? change.reconnect : change.changed };
}

/** `logging.log_level, remote-commands.allow` (at most a few, then "and N more"). */
export function keyList(keys: readonly string[], max = 4): string {
  const shown = keys.slice(0, max).join(', ');
  return keys.length > max ? `${shown} and ${keys.length - max} more` : shown;
}
