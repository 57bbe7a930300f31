// A config file holding a password must not be readable by other users. POSIX permission bits only:
// Windows has ACLs instead, which Node cannot read, so the check is skipped there (and the app relies on
// the per-user %APPDATA% folder).
import { stat } from 'node:fs/promises';
import type { ConfigProblem, RportConfig } from '../shared/types/config-types';
import type { ConfigPlatform } from './defaults';
import { configWarning } from './problems';
import { goParseUrl } from '../shared/go/url';
import type { KeyPositions } from './toml-source';

/** The keys of `config` that hold a secret (a password in `auth`, a password in the proxy URL). */
export function secretKeysIn(config: RportConfig): string[] {
  const keys: string[] = [];
  const colon = config.client.auth.indexOf(':');
  if (colon >= 0 && colon < config.client.auth.length - 1) keys.push('client.auth');
  const proxy = goParseUrl(config.client.proxy);
  if (proxy.ok && proxy.url.password) keys.push('client.proxy');
  return keys;
}

export async function fileExposureProblems(
  file: string,
  config: RportConfig,
  positions: KeyPositions,
  platform: ConfigPlatform,
): Promise<ConfigProblem[]> {
  if (platform === 'win32') return [];
  const secrets = secretKeysIn(config);
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
