// The command text is written to `<data_dir>/scripts/<uuid><ext>` with mode 0540 and run from there,
// as the Go client does; the directory must be 0700 and owned by the client user, so another local
// user cannot swap a script between writing and running it. The file is deleted after the run.
import { randomUUID } from 'node:crypto';
import { chmod, lstat, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const SCRIPT_DIR_MODE = 0o700;
export const SCRIPT_FILE_MODE = 0o540;

export const scriptsDir = (dataDir: string): string => path.join(dataDir, 'scripts');

/**
 * Creates the scripts directory if missing and checks it as Go's ValidateScriptDir does. A directory
 * we created ourselves with a wrong mode (umask) is corrected; one we did not create is refused.
 */
export async function ensureScriptsDir(dir: string, platform: NodeJS.Platform = process.platform): Promise<void> {
  if (dir.trim() === '') throw new Error('script directory cannot be empty');
  let created = false;
  try {
    await lstat(dir);
  } catch {
    await mkdir(dir, { recursive: true, mode: SCRIPT_DIR_MODE });
    created = true;
  }
  const stat = await lstat(dir);
  if (!stat.isDirectory()) throw new Error(`script directory ${dir} is not a valid directory`);
  if (platform === 'win32') return;
  if (created && (stat.mode & 0o777) !== SCRIPT_DIR_MODE) await chmod(dir, SCRIPT_DIR_MODE);
  const mode = created ? SCRIPT_DIR_MODE : stat.mode & 0o777;
  const uid = process.getuid?.() ?? stat.uid;
  if (mode !== SCRIPT_DIR_MODE) {
    throw new Error(
      `scripts directory ${dir} must be read-writable only by uid ${uid}. ` +
        `Change directory mode from 0${mode.toString(8)} to 0${SCRIPT_DIR_MODE.toString(8)}. Your setup is insecure`,
    );
  }
  if (stat.uid !== uid) {
    throw new Error(
      `script directory ${dir} must be owned by uid ${uid} but it's owned by ${stat.uid}. Your setup is insecure`,
    );
  }
}

export async function writeScriptFile(dir: string, content: Buffer, extension: string): Promise<string> {
  await ensureScriptsDir(dir);
  const file = path.join(dir, `${randomUUID()}${extension}`);
  await writeFile(file, content, { mode: SCRIPT_FILE_MODE, flag: 'wx' });
  // writeFile's mode is filtered by the umask; the exec bit for the owner is what matters.
  await chmod(file, SCRIPT_FILE_MODE);
  return file;
}

export async function removeScriptFile(file: string): Promise<string | null> {
  try {
    await rm(file, { force: true });
    return null;
  } catch (error) {
    return `failed to delete script ${file}: ${error instanceof Error ? error.message : String(error)}`;
  }
}
