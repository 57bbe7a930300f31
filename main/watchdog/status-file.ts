// `<data_dir>/rport-tray-status.json`: what a running supervisor tells other processes (`rport-tray
// status`) about itself: phase, engine state and server, worker pid, restart record. Written atomically
// (temp file + rename) so a reader never sees half a file.

import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SupervisorStatus } from './supervisor-types';

export const STATUS_FILE_NAME = 'rport-tray-status.json';
export const STATUS_FILE_VERSION = 1;

export interface StatusFileContent {
  version: typeof STATUS_FILE_VERSION;
  /** Epoch ms of this write. */
  writtenAt: number;
  /** The process running the supervisor (`rport-tray run` or the app). */
  supervisorPid: number;
  configPath: string;
  dataDir: string;
  /** The live log file (the configured path; the rotating writer numbers it). */
  logFile: string | null;
  /**
   * The writer rewrites the file at least this often while it runs, changes or not, so a reader can tell
   * a current file from one the supervisor can no longer write (data_dir unwritable, disk full). Absent
   * in files written before it existed.
   */
  refreshMs?: number;
  supervisor: SupervisorStatus;
}

export const statusFilePath = (dataDir: string): string => path.join(dataDir, STATUS_FILE_NAME);

export function writeStatusFile(content: StatusFileContent): void {
  const file = statusFilePath(content.dataDir);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, JSON.stringify(content, null, 2), { mode: 0o644 });
    renameSync(temp, file);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

export class StatusFileError extends Error {}

/** The status file, or null when there is none. Throws StatusFileError for a file that is not ours. */
export function readStatusFile(dataDir: string): StatusFileContent | null {
  const file = statusFilePath(dataDir);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new StatusFileError(`${file}: cannot read: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new StatusFileError(`${file}: not JSON: ${(err as Error).message}`);
  }
  const content = parsed as Partial<StatusFileContent>;
  if (
    content.version !== STATUS_FILE_VERSION ||
    typeof content.supervisor !== 'object' ||
    content.supervisor === null
  ) {
    throw new StatusFileError(`${file}: not an RPort Tray status file of version ${STATUS_FILE_VERSION}`);
  }
  return content as StatusFileContent;
}

/** True when a process with this pid exists (it may belong to someone else: signal 0 still works). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
