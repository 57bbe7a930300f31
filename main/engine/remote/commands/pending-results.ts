// Command results that could not be sent yet, kept in `<data_dir>/pending-results/` (one JSON file per
// job, mode 0600) so that neither a reconnect nor a worker restart loses them (docs/protocol.md §5.4:
// rportd accepts a `cmd_result` on a later session of the same client). Bounded: past MAX_KEPT_RESULTS
// files or MAX_KEPT_BYTES in all, the oldest are dropped (and the caller logs it).
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Job } from './job';

export const MAX_KEPT_RESULTS = 100;
/** A result is at most one SSH packet (cmd-result-budget.ts): 100 of them stay under 26 MiB. */
export const MAX_KEPT_BYTES = 32 * 1024 * 1024;

export const pendingResultsDir = (dataDir: string): string => path.join(dataDir, 'pending-results');

/** One finished job waiting for its server. */
export interface PendingResult {
  /** URL of the server that started the job: the result goes back there only (§5.4). */
  server: string;
  kind: 'command' | 'script';
  /** The activity list's summary of the command. */
  summary: string;
  /** When it was kept, ms since the epoch. */
  keptAt: number;
  /** The job exactly as it is sent in `cmd_result`. */
  job: Job;
}

/** The file name of a job's result: one per job id, so a result kept twice is one file. */
export function pendingResultKey(job: Job): string {
  const id = job.jid === '' ? randomUUID() : job.jid;
  return `${createHash('sha256').update(id).digest('hex').slice(0, 40)}.json`;
}

function isPendingResult(value: unknown): value is PendingResult {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  const job = v.job as Record<string, unknown> | null | undefined;
  return (
    typeof v.server === 'string' &&
    (v.kind === 'command' || v.kind === 'script') &&
    typeof v.summary === 'string' &&
    typeof v.keptAt === 'number' &&
    !!job &&
    typeof job === 'object' &&
    typeof job.jid === 'string'
  );
}

export interface KeptEntry {
  key: string;
  result: PendingResult;
  bytes: number;
}

/** The files of one data_dir. Every method reports file-system trouble by throwing; callers log it. */
export class PendingResultFiles {
  constructor(readonly dir: string) {}

  /** Writes (atomically: temp file, then rename) one result. */
  async write(key: string, result: PendingResult): Promise<number> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const text = JSON.stringify(result);
    const file = path.join(this.dir, key);
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, text, { mode: 0o600 });
    await rename(temp, file);
    return Buffer.byteLength(text);
  }

  /** Every kept result, oldest first; unreadable or foreign files are removed and reported in `bad`. */
  async readAll(): Promise<{ entries: KeptEntry[]; bad: string[] }> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], bad: [] };
      throw error;
    }
    const entries: KeptEntry[] = [];
    const bad: string[] = [];
    for (const name of names) {
      if (!name.endsWith('.json')) continue;
      const file = path.join(this.dir, name);
      try {
        const text = await readFile(file, 'utf8');
        const value: unknown = JSON.parse(text);
        if (!isPendingResult(value)) throw new Error('not a kept command result');
        entries.push({ key: name, result: value, bytes: Buffer.byteLength(text) });
      } catch (error) {
        bad.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
        await rm(file, { force: true }).catch(() => undefined);
      }
    }
    entries.sort((a, b) => a.result.keptAt - b.result.keptAt);
    return { entries, bad };
  }

  async remove(key: string): Promise<void> {
    await rm(path.join(this.dir, key), { force: true });
  }
}

/** The entries to drop so that `entries` (oldest first) keep within the bounds. */
export function overBounds(entries: readonly KeptEntry[]): KeptEntry[] {
  const dropped: KeptEntry[] = [];
  let count = entries.length;
  let bytes = entries.reduce((sum, entry) => sum + entry.bytes, 0);
  for (const entry of entries) {
    if (count <= MAX_KEPT_RESULTS && bytes <= MAX_KEPT_BYTES) break;
    dropped.push(entry);
    count--;
    bytes -= entry.bytes;
  }
  return dropped;
}
