// One `rport-tray run` per data dir: two runs on one config (or one data_dir) would fight over it (rportd
// refuses the second as "already connected", both rewrite state.json, the status file and the log). The
// run holds `<data_dir>/rport-tray.lock` while it lives; a second one finds it, sees its process alive and
// stops, naming the first (pid, config, web UI address). A lock whose process is gone (a SIGKILL, a
// crash, a reboot) is stale and taken over.
//
// The lock also tells `rport-tray status` and `rport-tray ui-link` where the run's web UI is: it holds the
// UI's address and access token, so it is written owner-only (0600), like rport.conf, which holds the
// client password. Node has no flock: the lock is created with link() (fails when the name exists), from a
// complete temporary file, so a reader never sees half of it.
//
// A data dir that cannot be created or written (read-only, full) must not stop the client (the engine
// reports it and keeps serving): the lock then lives in a private folder under the temp dir, named after
// the data dir, where every run on that data dir looks for it too.
import { createHash } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { processAlive } from '../watchdog/status-file';

export const INSTANCE_LOCK_NAME = 'rport-tray.lock';

export interface InstanceRecord {
  version: 1;
  pid: number;
  configPath: string;
  /** Epoch ms. */
  startedAt: number;
  /** The web UI while `run --ui` serves it: its address (`http://127.0.0.1:8421/`) and access token. */
  webUi: { url: string; token: string } | null;
}

export const instanceLockPath = (dataDir: string): string => path.join(dataDir, INSTANCE_LOCK_NAME);

/** Where the lock of a data dir that cannot hold it goes: one private folder per user, one name per data dir. */
export function fallbackLockPath(dataDir: string): string {
  const key = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 24);
  return path.join(tmpdir(), `rport-tray-locks-${userInfo().uid}`, `${key}.lock`);
}

// The data dir itself cannot hold the lock: not creatable, read-only, full, or not a folder.
const UNUSABLE_DIR = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'ENOTDIR', 'EEXIST']);

export class InstanceLockedError extends Error {
  constructor(
    readonly lockFile: string,
    readonly holder: InstanceRecord,
  ) {
    const ui = holder.webUi ? `, web UI ${holder.webUi.url}` : '';
    super(
      `another rport-tray run (pid ${holder.pid}${ui}, config ${holder.configPath}) already uses the data dir ` +
        `${path.dirname(lockFile)}: stop it first, or give this run another config or data_dir ` +
        `(if pid ${holder.pid} is not rport-tray, delete ${lockFile})`,
    );
    this.name = 'InstanceLockedError';
  }
}

export interface InstanceLock {
  readonly file: string;
  /** The web UI's address and token, once it listens (for `status` and `ui-link`). */
  setWebUi(webUi: InstanceRecord['webUi']): void;
  /** Gives the lock back (also done when the process exits). */
  release(): void;
}

/** The lock's record, or null when there is none or it is not a lock of ours (then it is stale). */
export function readInstanceLock(dataDir: string): InstanceRecord | null {
  return readRecord(instanceLockPath(dataDir)) ?? readRecord(fallbackLockPath(dataDir));
}

/** The running instance holding `dataDir`, or null when none runs there. */
export function runningInstance(dataDir: string): InstanceRecord | null {
  const record = readInstanceLock(dataDir);
  return record && processAlive(record.pid) ? record : null;
}

/**
 * Takes the lock of `dataDir` (creating the folder) for this process. Throws InstanceLockedError when a
 * live process holds it; other errors (a data dir that cannot be created) are thrown as they are.
 */
export function acquireInstanceLock(dataDir: string, configPath: string, pid = process.pid): InstanceLock {
  try {
    mkdirSync(dataDir, { recursive: true });
    return acquireAt(instanceLockPath(dataDir), configPath, pid);
  } catch (err) {
    if (err instanceof InstanceLockedError || !UNUSABLE_DIR.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
  }
  const fallback = fallbackLockPath(dataDir);
  mkdirSync(path.dirname(fallback), { recursive: true, mode: 0o700 });
  return acquireAt(fallback, configPath, pid);
}

function acquireAt(file: string, configPath: string, pid: number): InstanceLock {
  let record: InstanceRecord = { version: 1, pid, configPath, startedAt: Date.now(), webUi: null };
  for (let attempt = 0; ; attempt++) {
    if (tryCreate(file, record)) break;
    const holder = readRecord(file);
    if (holder && holder.pid !== pid && processAlive(holder.pid)) throw new InstanceLockedError(file, holder);
    if (attempt >= 3) throw new Error(`cannot take the lock ${file}: it keeps changing`);
    removeStale(file, holder);
  }

  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.off('exit', release);
    // Only our own lock: a lock taken over after ours went stale is someone else's.
    if (readRecord(file)?.pid === pid) rmSync(file, { force: true });
  };
  process.on('exit', release);
  return {
    file,
    setWebUi(webUi) {
      if (released) return;
      record = { ...record, webUi };
      const temp = `${file}.${pid}.tmp`;
      writeFileSync(temp, JSON.stringify(record, null, 2), { mode: 0o600 });
      renameSync(temp, file);
    },
    release,
  };
}

function tryCreate(file: string, record: InstanceRecord): boolean {
  const temp = `${file}.${record.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(record, null, 2), { mode: 0o600 });
  try {
    linkSync(temp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    rmSync(temp, { force: true });
  }
}

/**
 * Moves a stale lock aside. Two runs starting at once may both find it stale: the one that renamed a lock
 * that turns out to be the other's fresh one (a live pid) puts it back, and then finds it held.
 */
function removeStale(file: string, seen: InstanceRecord | null): void {
  const aside = `${file}.stale.${process.pid}`;
  try {
    renameSync(file, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const moved = readRecord(aside);
  if (moved && moved.pid !== seen?.pid && processAlive(moved.pid)) {
    try {
      linkSync(aside, file);
    } catch {
      // A third run took the name meanwhile: the next attempt sees whoever holds it.
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    // Already gone.
  }
}

function readRecord(file: string): InstanceRecord | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  const r = parsed as Partial<InstanceRecord>;
  if (r.version !== 1 || typeof r.pid !== 'number' || !Number.isInteger(r.pid) || r.pid <= 0) return null;
  const webUi =
    r.webUi && typeof r.webUi.url === 'string' && typeof r.webUi.token === 'string'
      ? { url: r.webUi.url, token: r.webUi.token }
      : null;
  return {
    version: 1,
    pid: r.pid,
    configPath: typeof r.configPath === 'string' ? r.configPath : '?',
    startedAt: typeof r.startedAt === 'number' ? r.startedAt : 0,
    webUi,
  };
}
