// Which installed rport service to watch: its name for the service manager, its rport.conf and its
// state.json. The usual install places of the Go client's config are app-paths.ts's (the same ones the
// import offers); state.json is `<data_dir>/state.json` as that config says (docs/protocol.md §7.2),
// else the installers' usual place.
import { access } from 'node:fs/promises';
import path from 'node:path';
import { goClientConfigPaths, goServiceDataDir, type PathEnv } from '../../config/app-paths';
import { currentPlatform, type ConfigPlatform } from '../../config/defaults';
import { STATE_FILE_NAME } from '../../engine/state-file';
import { readServiceConfig } from './service-config';

export interface ServiceTarget {
  serviceName: string;
  configPath: string;
  /** Null: `<data_dir>/state.json` of the config, looked up at every check. */
  stateFile: string | null;
}

/**
 * Where state.json usually is when the config cannot tell: the Windows installer keeps it in the `data`
 * folder beside rport.conf, the Linux and macOS packages in /var/lib/rport.
 */
export function usualStateFile(configPath: string, platform: ConfigPlatform = currentPlatform()): string {
  if (platform === 'win32') return path.win32.join(path.win32.dirname(configPath), 'data', STATE_FILE_NAME);
  return path.posix.join(goServiceDataDir(platform), STATE_FILE_NAME);
}

export interface InstalledService {
  configPath: string;
  /** As the config says, else the usual place. */
  stateFile: string;
  stateFileExists: boolean;
}

/** The usual install places of an rport service's config that exist on this machine. */
export async function findInstalledServices(
  e: PathEnv = {},
  exists: (file: string) => Promise<boolean> = fileExists,
): Promise<InstalledService[]> {
  const platform = e.platform ?? currentPlatform();
  const found: InstalledService[] = [];
  for (const configPath of goClientConfigPaths(e)) {
    if (!(await exists(configPath))) continue;
    const config = await readServiceConfig(configPath, { platform });
    const stateFile = config.stateFile ?? usualStateFile(configPath, platform);
    found.push({ configPath, stateFile, stateFileExists: await exists(stateFile) });
  }
  return found;
}

async function fileExists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

export interface ServiceChoice {
  /** Null: the first usual install place that exists (else the first usual place). */
  configPath: string | null;
  stateFile: string | null;
  serviceName: string;
}

/** The service to watch: the one given, else the installed one found in the usual places. */
export async function resolveServiceTarget(choice: ServiceChoice, e: PathEnv = {}): Promise<ServiceTarget> {
  const platform = e.platform ?? currentPlatform();
  const p = platform === 'win32' ? path.win32 : path.posix;
  let configPath = choice.configPath;
  if (configPath === null) {
    const installed = await findInstalledServices(e);
    configPath = installed[0]?.configPath ?? goClientConfigPaths(e)[0] ?? p.join('/etc/rport', 'rport.conf');
  }
  return { serviceName: choice.serviceName, configPath: p.resolve(configPath), stateFile: choice.stateFile };
}
