// Where RPort Tray keeps things, per OS. Pure functions of platform, environment and home directory, so
// they can be tested for every OS on one machine.
//   data folder (default `data_dir`, state.json, preferences):
//     Linux   $XDG_DATA_HOME/rport-tray, else ~/.local/share/rport-tray
//     macOS   ~/Library/Application Support/RPort Tray
//     Windows %APPDATA%\RPort Tray (else ~\AppData\Roaming\RPort Tray)
//   default config: <data folder>/rport.conf
//   administrator's policy: /etc/rport-tray/policy.toml (Linux),
//     /Library/Application Support/RPort Tray/policy.toml (macOS), %ProgramData%\RPort Tray\policy.toml
//     (Windows); RPORT_TRAY_POLICY overrides it (tests, unusual installs).
//   configs of an installed Go client, offered for import: /etc/rport/rport.conf (Linux, macOS),
//     /usr/local/etc/rport/rport.conf (macOS, Homebrew-style), C:\Program Files\rport\rport.conf (Windows).
import os from 'node:os';
import path from 'node:path';
import { currentPlatform, type ConfigPlatform } from './defaults';

export interface PathEnv {
  platform?: ConfigPlatform;
  env?: NodeJS.ProcessEnv;
  home?: string;
}

function resolveEnv(e: PathEnv): { platform: ConfigPlatform; env: NodeJS.ProcessEnv; home: string } {
  return { platform: e.platform ?? currentPlatform(), env: e.env ?? process.env, home: e.home ?? os.homedir() };
}

const pathFor = (platform: ConfigPlatform) => (platform === 'win32' ? path.win32 : path.posix);

export function appDataDir(e: PathEnv = {}): string {
  const { platform, env, home } = resolveEnv(e);
  const p = pathFor(platform);
  if (platform === 'win32') return p.join(env.APPDATA || p.join(home, 'AppData', 'Roaming'), 'RPort Tray');
  if (platform === 'darwin') return p.join(home, 'Library', 'Application Support', 'RPort Tray');
  const xdg = env.XDG_DATA_HOME;
  return p.join(xdg && p.isAbsolute(xdg) ? xdg : p.join(home, '.local', 'share'), 'rport-tray');
}

export function defaultConfigPath(e: PathEnv = {}): string {
  const { platform } = resolveEnv(e);
  return pathFor(platform).join(appDataDir(e), 'rport.conf');
}

export function policyFilePath(e: PathEnv = {}): string {
  const { platform, env } = resolveEnv(e);
  if (env.RPORT_TRAY_POLICY) return env.RPORT_TRAY_POLICY;
  if (platform === 'win32') {
    return path.win32.join(env.ProgramData || env.PROGRAMDATA || 'C:\\ProgramData', 'RPort Tray', 'policy.toml');
  }
  if (platform === 'darwin') return '/Library/Application Support/RPort Tray/policy.toml';
  return '/etc/rport-tray/policy.toml';
}

/** Where the Go client's service keeps its config (offered for import). */
export function goClientConfigPaths(e: PathEnv = {}): string[] {
  const { platform, env } = resolveEnv(e);
  if (platform === 'win32') {
    const programFiles = env.ProgramFiles || env.PROGRAMFILES || 'C:\\Program Files';
    return [path.win32.join(programFiles, 'rport', 'rport.conf')];
  }
  if (platform === 'darwin') return ['/etc/rport/rport.conf', '/usr/local/etc/rport/rport.conf'];
  return ['/etc/rport/rport.conf'];
}

/** The Go client's default data_dir (the service's folder, which a desktop app must not share). */
export function goServiceDataDir(platform: ConfigPlatform = currentPlatform()): string {
  return platform === 'win32' ? 'C:\\Program Files\\rport' : '/var/lib/rport';
}

/**
 * The name the Go client installs its service under (kardianos/service): systemd unit `rport.service`,
 * Windows service `rport`, launchd `system/rport`.
 */
export const GO_SERVICE_NAME = 'rport';
