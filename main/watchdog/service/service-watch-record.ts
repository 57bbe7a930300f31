// The watcher's memory between runs: its restarts (for the budget and for people) and whether it gave
// up, in a small JSON file, so `rport-tray watch-service --once` runs from a scheduled task share one
// budget, and a watcher restarted itself does not forget what it did. Written atomically.
import { readFile, rename, rm, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { ServiceRestartEntry } from '../../shared/types/service-watch-types';

export const SERVICE_WATCH_RECORD_VERSION = 1;

export interface ServiceWatchRecord {
  version: typeof SERVICE_WATCH_RECORD_VERSION;
  serviceName: string;
  restarts: ServiceRestartEntry[];
  failedReason: string | null;
}

/** `<dir>/service-watch-<name>.json`. */
export const serviceWatchRecordPath = (dir: string, serviceName: string): string =>
  path.join(dir, `service-watch-${serviceName.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`);

/** The record, or an empty one when there is none; a file that is not a record is an error naming it. */
export async function readServiceWatchRecord(file: string, serviceName: string): Promise<ServiceWatchRecord> {
  const empty: ServiceWatchRecord = {
    version: SERVICE_WATCH_RECORD_VERSION,
    serviceName,
    restarts: [],
    failedReason: null,
  };
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return empty;
    throw new Error(`${file}: cannot read the watch record: ${(err as Error).message}`);
  }
  let data: Partial<ServiceWatchRecord>;
  try {
    data = JSON.parse(text) as Partial<ServiceWatchRecord>;
  } catch (err) {
    throw new Error(`${file}: the watch record is not JSON: ${(err as Error).message}`);
  }
  if (data.version !== SERVICE_WATCH_RECORD_VERSION || !Array.isArray(data.restarts)) {
    throw new Error(`${file}: not a service watch record of version ${SERVICE_WATCH_RECORD_VERSION}`);
  }
  const restarts = data.restarts.filter(
    (r): r is ServiceRestartEntry =>
      typeof r === 'object' &&
      r !== null &&
      typeof r.at === 'number' &&
      typeof r.text === 'string' &&
      typeof r.count === 'number' &&
      typeof r.failed === 'boolean',
  );
  return { ...empty, restarts, failedReason: typeof data.failedReason === 'string' ? data.failedReason : null };
}

export async function writeServiceWatchRecord(file: string, record: ServiceWatchRecord): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temp, JSON.stringify(record, null, 2), { mode: 0o644 });
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
