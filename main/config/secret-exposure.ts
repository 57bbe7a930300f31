// A config file holding a password must not be readable by other users. POSIX permission bits only:
// Windows has ACLs instead, which Node cannot read, so the check is skipped there (and the app relies on
// the per-user %APPDATA% folder).
import { stat } from 'node:fs/promises';
import type { ConfigProblem, RportConfig } from '../shared/types/config-types';
import type { ConfigPlatform } from './defaults';
import { configWarning } from './problems';
import { secretFieldsIn } from '../shared/secrets';
import type { KeyPositions } from './toml-source';

export async function fileExposureProblems(
  file: string,
  config: RportConfig,
  positions: KeyPositions,
  platform: ConfigPlatform,
): Promise<ConfigProblem[]> {
  if (platform === 'win32') return [];
  const secrets = secretFieldsIn(config);
  if (secrets.length === 0) return [];
  let mode: number;
  try {
    mode = (await stat(file)).mode & 0o777;
  } catch {
    return [];
  }
  if ((mode & 0o077) === 0) return [];
  const key = secrets[0] ?? 'client.auth';
  const octal = mode.toString(8).padStart(4, '0');
  return [
    configWarning(
      file,
      positions.lineOf(key),
      key,
      `this file holds a password and other users can read it (mode ${octal}); restrict it with: chmod 600 ${file}`,
    ),
  ];
}
