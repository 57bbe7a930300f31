// Saving the watched service's rport.conf, which usually belongs to root or SYSTEM: the editor's text is
// validated first (save-config.ts), then written directly when this user may (atomically, `.bak` kept,
// the file's mode kept), else handed to a save helper that runs with the rights to write it. The helper
// is a command the administrator configures (Settings, `--save-helper`), or by default pkexec on Linux
// and osascript's administrator prompt on macOS; Windows has no default (README, "Watching an installed
// rport service"). Helper contract: `<helper...> SOURCE TARGET`, keep TARGET as TARGET.bak, put
// SOURCE's content in TARGET with TARGET's owner and mode. SOURCE is an owner-only temporary file,
// removed afterwards (it holds the client password).
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { backupPathFor, writeFileAtomic } from '../../config/atomic-write';
import { currentPlatform, type ConfigPlatform } from '../../config/defaults';
import type { ConfigWriter } from '../../config/save-config';
import { describeCommandFailure, runCommand, type CommandRunner } from './command-runner';

/** A person may have to type a password into the helper's prompt. */
export const SAVE_HELPER_TIMEOUT_MS = 5 * 60_000;

const LINUX_SAVE_SCRIPT = [
  'set -e',
  'src=$1; dst=$2; tmp="$dst.rport-tray-save.tmp"',
  'if [ -e "$dst" ]; then cp -p -- "$dst" "$dst.bak"; fi',
  'cp -- "$src" "$tmp"',
  'if [ -e "$dst" ]; then chown --reference="$dst" -- "$tmp"; chmod --reference="$dst" -- "$tmp"; else chmod 600 -- "$tmp"; fi',
  'mv -f -- "$tmp" "$dst"',
].join('\n');

const MAC_SAVE_SCRIPT =
  'do shell script "cp -p " & quoted form of (item 2 of argv) & " " & quoted form of ((item 2 of argv) & ".bak") & ' +
  '" && cat " & quoted form of (item 1 of argv) & " > " & quoted form of (item 2 of argv) with administrator privileges';

/** The platform's default save helper (SOURCE and TARGET are appended), or null where there is none. */
export function defaultSaveHelper(platform: ConfigPlatform = currentPlatform()): string[] | null {
  if (platform === 'linux') return ['pkexec', '/bin/sh', '-c', LINUX_SAVE_SCRIPT, 'rport-tray-save'];
  if (platform === 'darwin') return ['osascript', '-e', 'on run argv', '-e', MAC_SAVE_SCRIPT, '-e', 'end run'];
  return null;
}

export interface ElevatedWriteOptions {
  /** The configured helper; null: the platform's default. */
  helper: readonly string[] | null;
  platform?: ConfigPlatform;
  run?: CommandRunner;
  /** The write as this user; default: atomic, `.bak` kept, the file's mode kept. */
  direct?: ConfigWriter;
}

const DENIED = new Set(['EACCES', 'EPERM']);

export function elevatedConfigWriter(options: ElevatedWriteOptions): ConfigWriter {
  const run = options.run ?? runCommand;
  const direct = options.direct ?? writeKeepingMode;
  return async (file, text) => {
    try {
      await direct(file, text);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === undefined || !DENIED.has(code)) throw err;
      const helper = options.helper ?? defaultSaveHelper(options.platform);
      if (helper === null || helper.length === 0) {
        throw new Error(
          `this user may not write ${file} (${code}): set a save helper command (Settings, or --save-helper), ` +
            'or let this user write the file',
        );
      }
      await saveThroughHelper(helper, file, text, run, code);
    }
  };
}

async function saveThroughHelper(
  helper: readonly string[],
  file: string,
  text: string,
  run: CommandRunner,
  code: string,
): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rport-tray-save-'));
  try {
    const source = path.join(dir, path.basename(file));
    await writeFile(source, text, { mode: 0o600 });
    const argv = [...helper, source, file];
    const result = await run(argv, { timeoutMs: SAVE_HELPER_TIMEOUT_MS });
    if (result.code !== 0) {
      throw new Error(
        `this user may not write ${file} (${code}) and the save helper did not: ${describeCommandFailure(helper, result)}`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function writeKeepingMode(file: string, text: string): Promise<void> {
  const mode = await stat(file).then(
    (s) => s.mode & 0o777,
    () => 0o600,
  );
  await writeFileAtomic(file, text, { backupPath: backupPathFor(file), mode });
}
