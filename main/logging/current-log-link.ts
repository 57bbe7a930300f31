// A link that always points at the live numbered log file, named after the configured file:
// `log_file = /var/log/X.log` is written as `X.1.log`, `X.2.log`, … and `X.current.log` follows the live
// one. pino-roll's own link is always called `current.log`, so several configs logging into one folder
// (each with its own `log_file`) took it over from each other: the last one to start won.
import { lstatSync, renameSync, symlinkSync, unlinkSync } from 'node:fs';
import path from 'node:path';

/** `/logs/X.log` → `/logs/X.current.log` (`base` and `extension` as in LogFileLocation). */
export function currentLogLinkPath(base: string, extension: string): string {
  return `${base}.current${extension}`;
}

/**
 * Points `link` at `target` (by its bare name, so the folder can move), replacing the previous link in
 * one rename. A regular file of that name is never replaced. Returns false when no link was made.
 */
export function linkCurrentLog(link: string, target: string): boolean {
  try {
    if (!lstatSync(link).isSymbolicLink()) return false;
  } catch {
    // No link yet.
  }
  const temporary = `${link}.${process.pid}.tmp`;
  try {
    try {
      unlinkSync(temporary);
    } catch {
      // None left over.
    }
    symlinkSync(path.basename(target), temporary);
    renameSync(temporary, link);
    return true;
  } catch {
    try {
      unlinkSync(temporary);
    } catch {
      // Nothing was created.
    }
    return false;
  }
}
