// The connection mode setting (issue 17): the app follows its own engine or the rport service installed
// on this machine. The stored preference, with what the administrator's policy pins (`[rport-tray]`,
// config/tray-policy.ts) laid over it and shown locked; a change of a pinned setting is refused.
import type {
  Capability,
  ConnectionMode,
  ConnectionPatch,
  ConnectionSettings,
  ServiceSettings,
} from '../../shared/contract';
import type { AppPreferences, PreferencesPatch } from '../../config/preferences';
import type { TrayPolicy } from '../../config/tray-policy';
import { splitCommandLine } from '../../watchdog/service/command-runner';

export interface TrayPolicyRef {
  tray: TrayPolicy;
  /** The policy file, for "locked by …"; null when there is none. */
  file: string | null;
}

export const NO_TRAY_POLICY: TrayPolicyRef = { tray: {}, file: null };

const POLICY_FIELDS: ReadonlyArray<[keyof ServiceSettings, keyof Omit<TrayPolicy, 'mode'>]> = [
  ['configPath', 'serviceConfig'],
  ['stateFile', 'serviceStateFile'],
  ['serviceName', 'serviceName'],
  ['restartCommand', 'serviceRestartCommand'],
  ['statusCommand', 'serviceStatusCommand'],
  ['saveHelper', 'serviceSaveHelper'],
];

const COMMAND_FIELDS = new Set<keyof ServiceSettings>(['restartCommand', 'statusCommand', 'saveHelper']);

function checkCommandLine(field: string, text: string): void {
  try {
    if (splitCommandLine(text).length === 0) throw new Error('it is empty');
  } catch (err) {
    throw new Error(`The service's ${field}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export class LockedSettingError extends Error {
  constructor(setting: string, policyFile: string | null) {
    super(`${setting} is set by the administrator's policy (${policyFile ?? 'policy'}) and cannot be changed here`);
    this.name = 'LockedSettingError';
  }
}

export function connectionSettingsOf(
  stored: Pick<AppPreferences, 'connectionMode' | 'service'>,
  policy: TrayPolicyRef,
  activeMode: ConnectionMode,
  canChange: Capability,
): ConnectionSettings {
  const locked: string[] = [];
  let mode = stored.connectionMode;
  if (policy.tray.mode !== undefined) {
    mode = policy.tray.mode;
    locked.push('mode');
  }
  const service: ServiceSettings = { ...stored.service };
  for (const [field, key] of POLICY_FIELDS) {
    const pinned = policy.tray[key];
    if (pinned === undefined) continue;
    service[field] = pinned;
    locked.push(`service.${field}`);
  }
  return {
    mode,
    activeMode,
    service,
    locked,
    policyFile: policy.file,
    canChange: locked.includes('mode')
      ? { available: false, reason: `Set by the administrator's policy (${policy.file ?? 'policy'}).` }
      : canChange,
  };
}

/** The stored change for a change from the window; a pinned setting given another value is refused. */
export function storedConnectionPatch(
  current: Pick<AppPreferences, 'connectionMode' | 'service'>,
  patch: ConnectionPatch,
  policy: TrayPolicyRef,
): PreferencesPatch {
  const effective = connectionSettingsOf(current, policy, current.connectionMode, { available: true, reason: null });
  const out: PreferencesPatch = {};
  if (patch.mode !== undefined) {
    if (effective.locked.includes('mode') && patch.mode !== effective.mode)
      throw new LockedSettingError('The connection mode', policy.file);
    out.connectionMode = patch.mode;
  }
  if (patch.service !== undefined) {
    const service = { ...current.service };
    for (const [field, value] of Object.entries(patch.service) as Array<[keyof ServiceSettings, string | null]>) {
      if (effective.locked.includes(`service.${field}`) && value !== effective.service[field]) {
        throw new LockedSettingError(`The service's ${field}`, policy.file);
      }
      if (field === 'serviceName') {
        if (value !== null) service.serviceName = value;
        continue;
      }
      if (value !== null && COMMAND_FIELDS.has(field)) checkCommandLine(field, value);
      service[field] = value;
    }
    out.service = service;
  }
  return out;
}
