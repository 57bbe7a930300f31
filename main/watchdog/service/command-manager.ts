// Commands an administrator configures in place of (or on top of) the OS adapter, e.g. a restart through
// `sudo -n systemctl restart rport`, or a fake service manager a test provides. The status command
// follows the LSB init-script convention: exit 0 = running, 3 = not running, anything else = unknown;
// its first line of output is shown as the detail.
import { commandLineText, describeCommandFailure, oneLine, runCommand, type CommandRunner } from './command-runner';
import { ServiceManagerError, type ServiceManager, type ServiceQuery } from './service-manager';

export const COMMAND_QUERY_TIMEOUT_MS = 10_000;
export const COMMAND_RESTART_TIMEOUT_MS = 120_000;
/** LSB: "program is not running". */
const LSB_NOT_RUNNING = 3;

export interface CommandOverrides {
  statusCommand?: readonly string[] | null;
  restartCommand?: readonly string[] | null;
}

/** `base` with its query and/or restart replaced by configured commands. */
export function withCommands(
  base: ServiceManager,
  overrides: CommandOverrides,
  run: CommandRunner = runCommand,
): ServiceManager {
  const status = overrides.statusCommand?.length ? [...overrides.statusCommand] : null;
  const restart = overrides.restartCommand?.length ? [...overrides.restartCommand] : null;
  if (!status && !restart) return base;
  return {
    kind: status && restart ? 'command' : base.kind,
    serviceName: base.serviceName,
    restartCommand: restart ? commandLineText(restart) : base.restartCommand,
    query: status ? () => queryByCommand(status, run) : () => base.query(),
    restart: restart
      ? async () => {
          const result = await run(restart, { timeoutMs: COMMAND_RESTART_TIMEOUT_MS });
          if (result.code !== 0) throw new ServiceManagerError(describeCommandFailure(restart, result));
        }
      : () => base.restart(),
  };
}

async function queryByCommand(argv: readonly string[], run: CommandRunner): Promise<ServiceQuery> {
  const result = await run(argv, { timeoutMs: COMMAND_QUERY_TIMEOUT_MS });
  const said = oneLine(result.stdout.split(/\r?\n/)[0] ?? '', 120);
  if (result.code === 0) return { state: 'running', detail: said || 'running' };
  if (result.code === LSB_NOT_RUNNING) return { state: 'stopped', detail: said || 'not running' };
  return { state: 'unknown', detail: describeCommandFailure(argv, result) };
}
