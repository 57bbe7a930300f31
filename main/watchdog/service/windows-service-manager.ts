// Windows service control: `sc.exe query` for the state; a restart is `sc.exe stop`, a wait until the
// service has stopped, then `sc.exe start` (sc has no restart). A user who is not an administrator may
// do this once the service's security descriptor grants them start and stop (`sc.exe sdset`, README,
// "Watching an installed rport service").
import { describeCommandFailure, oneLine, runCommand, type CommandRunner } from './command-runner';
import { ServiceManagerError, type ServiceManager, type ServiceQuery } from './service-manager';
import type { ServiceRunState } from '../../shared/types/service-watch-types';

export const SC_TIMEOUT_MS = 30_000;
/** How long a stop may take before the restart gives up (the rport client stops within seconds). */
export const SC_STOP_WAIT_MS = 60_000;
const SC_POLL_MS = 500;
/** sc.exe's error codes: the service does not exist / is not started / is already running. */
const ERROR_SERVICE_DOES_NOT_EXIST = 1060;
const ERROR_SERVICE_NOT_ACTIVE = 1062;
const ERROR_SERVICE_ALREADY_RUNNING = 1056;

export interface WindowsServiceOptions {
  run?: CommandRunner;
  sleep?: (ms: number) => Promise<void>;
}

export function windowsServiceManager(serviceName: string, options: WindowsServiceOptions = {}): ServiceManager {
  const run = options.run ?? runCommand;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const query = async (): Promise<ServiceQuery> => {
    const argv = ['sc.exe', 'query', serviceName];
    const result = await run(argv, { timeoutMs: SC_TIMEOUT_MS });
    if (result.code === ERROR_SERVICE_DOES_NOT_EXIST || /\b1060\b/.test(result.stdout)) {
      return { state: 'not-installed', detail: `sc: there is no service named ${serviceName}` };
    }
    if (result.code !== 0) return { state: 'unknown', detail: describeCommandFailure(argv, result) };
    return parseScQuery(result.stdout);
  };
  const step = async (verb: 'stop' | 'start', okCodes: number[]): Promise<void> => {
    const argv = ['sc.exe', verb, serviceName];
    const result = await run(argv, { timeoutMs: SC_TIMEOUT_MS });
    if (result.code === null || !okCodes.includes(result.code)) {
      throw new ServiceManagerError(describeCommandFailure(argv, result));
    }
  };
  return {
    kind: 'windows',
    serviceName,
    restartCommand: `sc.exe stop ${serviceName} && sc.exe start ${serviceName}`,
    query,
    async restart() {
      await step('stop', [0, ERROR_SERVICE_NOT_ACTIVE]);
      for (let waited = 0; ; waited += SC_POLL_MS) {
        const now = await query();
        if (now.state === 'stopped') break;
        if (waited >= SC_STOP_WAIT_MS) {
          throw new ServiceManagerError(
            `${serviceName} did not stop within ${SC_STOP_WAIT_MS / 1000} s (${now.detail})`,
          );
        }
        await sleep(SC_POLL_MS);
      }
      await step('start', [0, ERROR_SERVICE_ALREADY_RUNNING]);
    },
  };
}

/** `STATE              : 4  RUNNING` → running, `sc: 4 RUNNING`. */
export function parseScQuery(stdout: string): ServiceQuery {
  const match = /STATE\s*:\s*(\d+)\s+(\w+)/.exec(stdout);
  if (!match) return { state: 'unknown', detail: `sc: ${oneLine(stdout) || 'no answer'}` };
  const states: Record<string, ServiceRunState> = {
    '1': 'stopped',
    '2': 'starting',
    '3': 'stopping',
    '4': 'running',
    '5': 'starting',
    '6': 'stopping',
    '7': 'stopped',
  };
  return { state: states[match[1] ?? ''] ?? 'unknown', detail: `sc: ${match[1]} ${match[2]}` };
}
