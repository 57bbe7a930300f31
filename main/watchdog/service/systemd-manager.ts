// systemd: `systemctl show` for the unit's state, `systemctl restart --no-ask-password` to restart it.
// An unprivileged user may restart the unit once a polkit rule grants `org.freedesktop.systemd1.manage-units`
// for that one unit (README, "Watching an installed rport service"); --no-ask-password makes a missing
// grant fail at once instead of waiting for a password prompt nobody answers.
import { describeCommandFailure, oneLine, runCommand, type CommandRunner } from './command-runner';
import { ServiceManagerError, type ServiceManager, type ServiceQuery } from './service-manager';
import type { ServiceRunState } from '../../shared/types/service-watch-types';

export const SYSTEMD_QUERY_TIMEOUT_MS = 10_000;
export const SYSTEMD_RESTART_TIMEOUT_MS = 120_000;

export const systemdUnit = (name: string): string => (name.includes('.') ? name : `${name}.service`);

export function systemdManager(serviceName: string, run: CommandRunner = runCommand): ServiceManager {
  const unit = systemdUnit(serviceName);
  const restartArgv = ['systemctl', 'restart', '--no-ask-password', unit];
  return {
    kind: 'systemd',
    serviceName,
    restartCommand: restartArgv.join(' '),
    async query() {
      const argv = ['systemctl', 'show', '--property=LoadState,ActiveState,SubState', unit];
      const result = await run(argv, { timeoutMs: SYSTEMD_QUERY_TIMEOUT_MS });
      if (result.code !== 0) return { state: 'unknown', detail: describeCommandFailure(argv, result) };
      return parseSystemctlShow(result.stdout);
    },
    async restart() {
      const result = await run(restartArgv, { timeoutMs: SYSTEMD_RESTART_TIMEOUT_MS });
      if (result.code !== 0) throw new ServiceManagerError(describeCommandFailure(restartArgv, result));
    },
  };
}

/** `LoadState=loaded\nActiveState=active\nSubState=running` → running, `systemctl: active (running)`. */
export function parseSystemctlShow(stdout: string): ServiceQuery {
  const props = new Map<string, string>();
  for (const line of stdout.split(/\r?\n/)) {
    const eq = line.indexOf('=');
    if (eq > 0) props.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  const load = props.get('LoadState') ?? '';
  const active = props.get('ActiveState') ?? '';
  const sub = props.get('SubState') ?? '';
  const detail = `systemctl: ${active || 'unknown'}${sub ? ` (${sub})` : ''}`;
  if (load === 'not-found') return { state: 'not-installed', detail: 'systemctl: no such unit' };
  const states: Record<string, ServiceRunState> = {
    active: 'running',
    reloading: 'running',
    activating: 'starting',
    deactivating: 'stopping',
    inactive: 'stopped',
    failed: 'stopped',
  };
  return {
    state: states[active] ?? 'unknown',
    detail: active ? detail : `systemctl: ${oneLine(stdout) || 'no answer'}`,
  };
}
