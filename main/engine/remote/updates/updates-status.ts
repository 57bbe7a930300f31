// The `updates_status` payload (§5.3, Go `models.UpdatesStatus`) and the per-OS source of it.
import type { ProcessRunner } from '../shared/process-runner';

export interface UpdateSummary {
  title: string;
  description: string;
  reboot_required: boolean;
  is_security_update: boolean;
}

/** Field order and omitempty as Go marshals it. */
export interface UpdatesStatus {
  refreshed: string;
  updates_available: number;
  security_updates_available: number;
  update_summaries: UpdateSummary[] | null;
  reboot_pending: boolean;
  error?: string;
  hint?: string;
}

/** What a package manager reports; `refreshed` is added by the service. */
export type PendingUpdates = Omit<UpdatesStatus, 'refreshed'>;

export interface PackageManager {
  /** Shown in logs: `apt`, `dnf`, `softwareupdate`, ... */
  readonly name: string;
  isAvailable(run: ProcessRunner): Promise<boolean>;
  /** Throws with a clear text when the check cannot be done. */
  pendingUpdates(run: ProcessRunner): Promise<PendingUpdates>;
}

export const countSecurity = (summaries: UpdateSummary[]): number =>
  summaries.filter((summary) => summary.is_security_update).length;
