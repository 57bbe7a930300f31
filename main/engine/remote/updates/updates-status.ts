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

/**
 * Far below the 256 KiB packet limit of rportd's x/crypto (§2.4): one over it drops the connection, and
 * since every new connection gets the last status again, a machine with a few thousand pending
 * updates would be cut off in a loop. The counts stay exact; only summaries that do not fit are left out.
 */
export const UPDATES_STATUS_MAX_BYTES = 180 * 1024;

/** The status as sent: update_summaries cut from the end until the JSON fits `maxBytes`. */
export function fitUpdatesStatus(status: UpdatesStatus, maxBytes = UPDATES_STATUS_MAX_BYTES): UpdatesStatus {
  const summaries = status.update_summaries;
  if (summaries === null || Buffer.byteLength(JSON.stringify(status)) <= maxBytes) return status;
  const bytesOf = (summary: UpdateSummary): number => Buffer.byteLength(JSON.stringify(summary)) + 1;
  let room = maxBytes - Buffer.byteLength(JSON.stringify({ ...status, update_summaries: [] }));
  let kept = 0;
  while (kept < summaries.length && room - bytesOf(summaries[kept] as UpdateSummary) >= 0) {
    room -= bytesOf(summaries[kept] as UpdateSummary);
    kept++;
  }
  return { ...status, update_summaries: summaries.slice(0, kept) };
}
