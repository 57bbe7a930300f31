// The port to the OS service manager the watcher asks whether the service runs and tells to restart
// it. Adapters: systemd (systemctl), Windows service control (sc.exe), launchd (launchctl), and
// commands an administrator configures (or a test provides). Elevation is the installer's or the
// administrator's grant for this one service (README, "Watching an installed rport service"): the app
// never runs as root.
import type { ServiceManagerKind, ServiceRunState } from '../../shared/types/service-watch-types';

export interface ServiceQuery {
  state: ServiceRunState;
  /** The manager's own words, e.g. `systemctl: active (running)`. */
  detail: string;
}

export interface ServiceManager {
  readonly kind: ServiceManagerKind;
  readonly serviceName: string;
  /** What a restart runs, as people read it (shown in the window and the log). */
  readonly restartCommand: string;
  /** Never throws: a manager that cannot be asked answers `unknown` with why. */
  query(): Promise<ServiceQuery>;
  /** Resolves once the manager took the restart; throws ServiceManagerError saying what failed. */
  restart(): Promise<void>;
}

export class ServiceManagerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceManagerError';
  }
}
