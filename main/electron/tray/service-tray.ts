// The tray in service mode (issue 17): its state line speaks of the watched rport service, and its menu
// offers what can be done to a service (restart, retry after the watchdog gave up, edit its config),
// not what belongs to the app's own engine (servers, pause, blocking remote commands).
import type { ServiceHealth, ServiceWatchView } from '../../shared/types/service-watch-types';
import type { SupervisorPhase } from '../../watchdog/supervisor-types';
import type { TrayMenuItem } from './tray-menu-model';

export interface ServiceSummary {
  serviceName: string;
  health: ServiceHealth;
}

export const serviceSummary = (view: ServiceWatchView): ServiceSummary => ({
  serviceName: view.serviceName,
  health: view.health,
});

/** `rport service: Connected`, or what is wrong with the service (the service's name as it is spelt). */
export function serviceStateLine(service: ServiceSummary, phase: SupervisorPhase | null, engineLine: string): string {
  const name = `${service.serviceName} service`;
  if (phase === 'failed') return `Gave up restarting the ${name}`;
  switch (service.health) {
    case 'restarting':
      return `Restarting the ${name}…`;
    case 'stopped':
      return `The ${name} is not running`;
    case 'stale':
      return `The ${name} does not respond`;
    case 'unjudged':
      return `${name}: cannot judge it (open the window)`;
    case 'healthy':
      return `${name}: ${engineLine}`;
  }
}

const ENGINE_ONLY = new Set(['servers', 'back-to-primary', 'pause-resume', 'block-remote-commands']);

export function serviceMenu(items: TrayMenuItem[], service: ServiceSummary, failed: boolean): TrayMenuItem[] {
  const name = `${service.serviceName} service`;
  const kept = items.filter((item) => item.kind === 'separator' || !ENGINE_ONLY.has(item.id));
  return kept
    .filter((item, i) => !(item.kind === 'separator' && kept[i - 1]?.kind === 'separator'))
    .map((item) => {
      if (item.kind !== 'item') return item;
      if (item.id === 'restart-engine') {
        return { ...item, label: failed ? `Retry (restart the ${name})` : `Restart the ${name}`, enabled: true };
      }
      if (item.id === 'edit-config') return { ...item, label: `Edit the ${name}'s configuration…` };
      return item;
    });
}
