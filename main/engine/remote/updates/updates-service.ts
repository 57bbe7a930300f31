// Pending OS updates (§5.3 `updates_status`): refreshed when a connection starts (if never done or due),
// then every `updates_interval` while connected, and on `refresh_updates_status`; `0` disables it as in
// the Go client. One refresh runs at a time; a request during one is answered by its result.
import { runProcess, type ProcessRunner } from '../shared/process-runner';
import { nowRfc3339Nano } from '../shared/go-time';
import { createAptPackageManager } from './apt';
import { createDnfYumPackageManager } from './dnf-yum';
import { createSoftwareUpdatePackageManager } from './softwareupdate';
import type { PackageManager, UpdatesStatus } from './updates-status';
import { createWindowsUpdatePackageManager } from './windows-update';
import { createZypperPackageManager } from './zypper';

export interface UpdatesServiceOptions {
  runner?: ProcessRunner;
  /** Candidates in order of preference; the first available one is used. Defaults per platform. */
  packageManagers?: PackageManager[];
  platform?: NodeJS.Platform;
  now?: () => number;
}

export function defaultPackageManagers(platform: NodeJS.Platform): PackageManager[] {
  if (platform === 'win32') return [createWindowsUpdatePackageManager()];
  if (platform === 'darwin') return [createSoftwareUpdatePackageManager()];
  // The Go client's order: zypper, dnf/yum, apt.
  return [createZypperPackageManager(), createDnfYumPackageManager(), createAptPackageManager()];
}

export const NO_PACKAGE_MANAGER_TEXT = 'no supported package manager found';

export class UpdatesService {
  private readonly runner: ProcessRunner;
  private readonly candidates: PackageManager[];
  private readonly listeners = new Set<(status: UpdatesStatus) => void>();
  private selected: PackageManager | null | undefined;
  private running: Promise<UpdatesStatus> | null = null;
  private latest: UpdatesStatus | null = null;
  private latestAt: number | null = null;
  readonly now: () => number;

  constructor(options: UpdatesServiceOptions = {}) {
    this.runner = options.runner ?? runProcess;
    this.candidates = options.packageManagers ?? defaultPackageManagers(options.platform ?? process.platform);
    this.now = options.now ?? Date.now;
  }

  get lastStatus(): UpdatesStatus | null {
    return this.latest;
  }

  get lastRefreshAt(): number | null {
    return this.latestAt;
  }

  onRefreshed(listener: (status: UpdatesStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Refreshes (or joins the refresh in progress); never rejects: failures become the `error` field. */
  refresh(): Promise<UpdatesStatus> {
    if (this.running) return this.running;
    this.running = this.compute().then((computed) => {
      // A copy, kept for hours: the parsers' strings are slices of the package manager's whole output,
      // which V8 keeps alive as long as one slice of it lives (25 KB of `apt-get -s upgrade` here).
      const status = structuredClone(computed);
      this.running = null;
      this.latest = status;
      this.latestAt = this.now();
      for (const listener of [...this.listeners]) listener(status);
      return status;
    });
    return this.running;
  }

  private async packageManager(): Promise<PackageManager | null> {
    if (this.selected !== undefined) return this.selected;
    for (const candidate of this.candidates) {
      try {
        if (await candidate.isAvailable(this.runner)) {
          this.selected = candidate;
          return candidate;
        }
      } catch {
        // Not this one.
      }
    }
    this.selected = null;
    return null;
  }

  private async compute(): Promise<UpdatesStatus> {
    const manager = await this.packageManager();
    if (manager === null) return failedStatus(NO_PACKAGE_MANAGER_TEXT);
    try {
      const pending = await manager.pendingUpdates(this.runner);
      return { refreshed: nowRfc3339Nano(), ...pending };
    } catch (error) {
      return failedStatus(error instanceof Error ? error.message : String(error));
    }
  }
}

const failedStatus = (error: string): UpdatesStatus => ({
  refreshed: nowRfc3339Nano(),
  updates_available: 0,
  security_updates_available: 0,
  update_summaries: null,
  reboot_pending: false,
  error,
});
