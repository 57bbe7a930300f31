// launchd: `launchctl print system/<label>` for the state, `launchctl kickstart -k system/<label>` to
// restart. The system domain needs root, so the restart runs through `sudo -n` unless the app already
// is root: the administrator grants exactly that command in sudoers (README, "Watching an installed
// rport service"); -n fails at once where the grant is missing instead of asking for a password.
import { describeCommandFailure, oneLine, runCommand, type CommandRunner } from './command-runner';
import { ServiceManagerError, type ServiceManager, type ServiceQuery } from './service-manager';

export const LAUNCHCTL_TIMEOUT_MS = 30_000;
/** launchctl's exit status for a service it does not know. */
const LAUNCHCTL_NOT_FOUND = 113;

export interface LaunchdOptions {
  run?: CommandRunner;
  /** Prefix the restart with `sudo -n`; default: unless running as root. */
  sudo?: boolean;
}

export function launchdManager(label: string, options: LaunchdOptions = {}): ServiceManager {
  const run = options.run ?? runCommand;
  const target = `system/${label}`;
  const sudo = options.sudo ?? process.getuid?.() !== 0;
  const restartArgv = [...(sudo ? ['sudo', '-n'] : []), '/bin/launchctl', 'kickstart', '-k', target];
  return {
    kind: 'launchd',
    serviceName: label,
    restartCommand: restartArgv.join(' '),
    async query() {
      const argv = ['/bin/launchctl', 'print', target];
      const result = await run(argv, { timeoutMs: LAUNCHCTL_TIMEOUT_MS });
      if (result.code === LAUNCHCTL_NOT_FOUND)
        return { state: 'not-installed', detail: `launchctl: no service ${target}` };
      if (result.code !== 0) return { state: 'unknown', detail: describeCommandFailure(argv, result) };
      return parseLaunchctlPrint(result.stdout);
    },
    async restart() {
      const result = await run(restartArgv, { timeoutMs: LAUNCHCTL_TIMEOUT_MS });
      if (result.code !== 0) throw new ServiceManagerError(describeCommandFailure(restartArgv, result));
    },
  };
}

/** The `state = running` line of `launchctl print`. */
export function parseLaunchctlPrint(stdout: string): ServiceQuery {
  const match = /^\s*state = (.+)$/m.exec(stdout);
  const state = match?.[1]?.trim();
  if (state === undefined) return { state: 'unknown', detail: `launchctl: ${oneLine(stdout, 120) || 'no answer'}` };
  const detail = `launchctl: ${state}`;
  if (state === 'running') return { state: 'running', detail };
  if (state === 'spawn scheduled' || state === 'spawning') return { state: 'starting', detail };
  if (state === 'not running' || state === 'waiting' || state === 'exited') return { state: 'stopped', detail };
  return { state: 'unknown', detail };
}
