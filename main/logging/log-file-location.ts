// Where the log file goes: `[logging] log_file` when the config sets one (as the Go client does), else
// `<data_dir>/logs/rport-tray.log`. The rotating writer numbers the files: `rport-tray.1.log`, `.2.log`, …
// and `rport-tray.current.log` links to the live one (current-log-link.ts).

import { readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { currentLogLinkPath } from './current-log-link';

export interface LogFileLocation {
  /** The path as configured or defaulted (the base the numbered files derive from). */
  configured: string;
  /** What the rotating file takes (rotating-file.ts): the path without the extension, and the extension. */
  base: string;
  extension: string;
  directory: string;
  /** The link to the live numbered file: `<base>.current<extension>`. */
  link: string;
}

export function logFileLocation(dataDir: string, logFile: string | undefined): LogFileLocation {
  const configured =
    logFile && logFile.trim() !== '' ? path.resolve(logFile) : path.join(dataDir, 'logs', 'rport-tray.log');
  const extension = path.extname(configured);
  const base = extension ? configured.slice(0, -extension.length) : configured;
  return {
    configured,
    base,
    extension,
    directory: path.dirname(configured),
    link: currentLogLinkPath(base, extension),
  };
}

/**
 * The file the log is written to now, for people to open: the `.current` link when it exists (it follows
 * rotation), else the newest numbered file (`X.1.log`, `X.2.log`, …; Windows has no link), else null.
 */
export function liveLogFile(configured: string): string | null {
  const location = logFileLocation(path.dirname(configured), configured);
  try {
    readlinkSync(location.link);
    return location.link;
  } catch {
    // No link (Windows, or not written yet).
  }
  const prefix = `${path.basename(location.base)}.`;
  let newest: { file: string; n: number } | null = null;
  let names: string[];
  try {
    names = readdirSync(location.directory);
  } catch {
    return null;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(location.extension)) continue;
    const middle = name.slice(prefix.length, name.length - location.extension.length);
    if (!/^\d+$/.test(middle)) continue;
    const n = Number(middle);
    if (!newest || n > newest.n) newest = { file: path.join(location.directory, name), n };
  }
  return newest?.file ?? null;
}
