// The `[rport-tray]` section of the administrator's policy file (policy.ts): settings of the app itself
// rather than of rport.conf. `mode = "service"` makes the app follow the rport service installed on this
// machine (issue 17) and locks that choice; the other keys pin how that service is found and restarted.
//
//   [rport-tray]
//   mode = "service"                       # or "engine": the app's own client
//   service_config = "/etc/rport/rport.conf"
//   service_state_file = "/var/lib/rport/state.json"
//   service_name = "rport"
//   service_restart_command = "sudo -n /usr/bin/systemctl restart rport"
//   service_status_command = "..."
//   service_save_helper = "..."
import type { ConfigProblem } from '../shared/types/config-types';
import { configError, configWarning } from './problems';
import type { KeyPositions, TomlTable } from './toml-source';

export const TRAY_POLICY_SECTION = 'rport-tray';

export type ConnectionMode = 'engine' | 'service';

export interface TrayPolicy {
  mode?: ConnectionMode;
  serviceConfig?: string;
  serviceStateFile?: string;
  serviceName?: string;
  serviceRestartCommand?: string;
  serviceStatusCommand?: string;
  serviceSaveHelper?: string;
}

const STRING_KEYS: Record<string, keyof Omit<TrayPolicy, 'mode'>> = {
  service_config: 'serviceConfig',
  service_state_file: 'serviceStateFile',
  service_name: 'serviceName',
  service_restart_command: 'serviceRestartCommand',
  service_status_command: 'serviceStatusCommand',
  service_save_helper: 'serviceSaveHelper',
};

/** Reads the section; a bad value is an error naming the file and line, an unknown key a warning. */
export function parseTrayPolicy(
  section: TomlTable,
  file: string,
  positions: KeyPositions,
  sectionName: string,
): { tray: TrayPolicy; problems: ConfigProblem[] } {
  const tray: TrayPolicy = {};
  const problems: ConfigProblem[] = [];
  for (const [key, value] of Object.entries(section)) {
    const lower = key.toLowerCase();
    const line = positions.lineOf(`${sectionName}.${key}`);
    const where = `${TRAY_POLICY_SECTION}.${lower}`;
    if (lower === 'mode') {
      if (value === 'engine' || value === 'service') tray.mode = value;
      else
        problems.push(
          configError(file, line, where, `mode must be "engine" or "service" (got ${JSON.stringify(String(value))})`),
        );
      continue;
    }
    const field = STRING_KEYS[lower];
    if (field === undefined) {
      problems.push(
        configWarning(file, line, where, `unknown key "${key}" in the policy's [${TRAY_POLICY_SECTION}] (ignored)`),
      );
      continue;
    }
    if (typeof value !== 'string' || value.trim() === '') {
      problems.push(configError(file, line, where, `${lower} must be a non-empty string`));
      continue;
    }
    tray[field] = value;
  }
  return { tray, problems };
}
