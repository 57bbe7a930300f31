// Which service manager to ask: the OS's own (systemd on Linux, the service control manager on Windows,
// launchd on macOS) unless told otherwise, with configured commands on top.
import type { ConfigPlatform } from '../../config/defaults';
import { currentPlatform } from '../../config/defaults';
import type { ServiceManagerKind } from '../../shared/types/service-watch-types';
import { runCommand, type CommandRunner } from './command-runner';
import { withCommands, type CommandOverrides } from './command-manager';
import { launchdManager } from './launchd-manager';
import type { ServiceManager } from './service-manager';
import { systemdManager } from './systemd-manager';
import { windowsServiceManager } from './windows-service-manager';

export interface ServiceManagerSpec extends CommandOverrides {
  serviceName: string;
  /** Default: the platform's own. `command` needs both commands. */
  kind?: ServiceManagerKind;
  platform?: ConfigPlatform;
}

export function defaultManagerKind(platform: ConfigPlatform = currentPlatform()): ServiceManagerKind {
  return platform === 'win32' ? 'windows' : platform === 'darwin' ? 'launchd' : 'systemd';
}

export function createServiceManager(spec: ServiceManagerSpec, run: CommandRunner = runCommand): ServiceManager {
  const kind = spec.kind ?? defaultManagerKind(spec.platform);
  if (kind === 'command' && !(spec.statusCommand?.length && spec.restartCommand?.length)) {
    throw new Error('the `command` service manager needs both a status command and a restart command');
  }
  const base =
    kind === 'windows'
      ? windowsServiceManager(spec.serviceName, { run })
      : kind === 'launchd'
        ? launchdManager(spec.serviceName, { run })
        : systemdManager(spec.serviceName, run);
  return withCommands(base, spec, run);
}
