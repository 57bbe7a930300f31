// Writes a file so that a crash or a failed write never leaves a half-written config: a temp file in
// the same folder, fsync, then rename over the target (atomic on POSIX and NTFS). The previous file is
// copied to a backup first. Files the app writes are 0600 (they can hold a password). The fs functions
// can be injected so tests can make any step fail.
import * as fsp from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export interface AtomicWriteFs {
  open: typeof fsp.open;
  rename: typeof fsp.rename;
  copyFile: typeof fsp.copyFile;
  chmod: typeof fsp.chmod;
  unlink: typeof fsp.unlink;
}

const realFs: AtomicWriteFs = {
  open: fsp.open,
  rename: fsp.rename,
  copyFile: fsp.copyFile,
  chmod: fsp.chmod,
  unlink: fsp.unlink,
};

export interface AtomicWriteOptions {
  /** Default 0o600. */
  mode?: number;
  /** Copy the current file here first (e.g. `rport.conf.bak`); null for no backup. */
  backupPath?: string | null;
  fs?: Partial<AtomicWriteFs>;
}

export const backupPathFor = (file: string): string => `${file}.bak`;

async function exists(file: string): Promise<boolean> {
  try {
    await fsp.access(file);
    return true;
  } catch {
    return false;
  }
}

export async function writeFileAtomic(file: string, data: string, options: AtomicWriteOptions = {}): Promise<void> {
  const fs: AtomicWriteFs = { ...realFs, ...options.fs };
  const mode = options.mode ?? 0o600;
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let tmpCreated = false;
  try {
    const handle = await fs.open(tmp, 'wx', mode);
    tmpCreated = true;
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    // The umask may have narrowed or (on some systems) the mode may not apply; set it explicitly.
    if (process.platform !== 'win32') await fs.chmod(tmp, mode);
    if (options.backupPath && (await exists(file))) {
      await fs.copyFile(file, options.backupPath);
      if (process.platform !== 'win32') await fs.chmod(options.backupPath, mode);
    }
    await fs.rename(tmp, file);
    tmpCreated = false;
  } finally {
    if (tmpCreated) await fs.unlink(tmp).catch(() => undefined);
  }
  if (process.platform !== 'win32') {
    // Make the rename itself durable; not possible (nor needed) on Windows.
    const dirHandle = await fsp.open(dir, 'r').catch(() => null);
    if (dirHandle)
      await dirHandle
        .sync()
        .catch(() => undefined)
        .finally(() => dirHandle.close());
  }
}
