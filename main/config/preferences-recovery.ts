// A preferences file that is not valid JSON (a crash mid-write by another program, a hand edit, a bad
// sector): conf and electron-store throw on it when opened, which would stop the app at start. The
// defaults are used instead and the unreadable file is renamed aside (never deleted: nothing is lost),
// and the caller is told so it can say so.
import { renameSync } from 'node:fs';
import type { Preferences } from './preferences';

export interface PreferencesRecovery {
  /** The preferences file that could not be read. */
  file: string;
  /** Where it was kept: `<file>.corrupt-<time>`. */
  keptAs: string;
  /** What the store said about it. */
  reason: string;
  /** One sentence for the log and the notice the user sees. */
  message: string;
}

export interface OpenedPreferences {
  preferences: Preferences;
  /** Set when the file was unreadable and the defaults are in use. */
  recovery: PreferencesRecovery | null;
}

/**
 * Opens the preferences through `open` (which reads `file`); when the file is not valid JSON, keeps it as
 * `<file>.corrupt-<time>` and opens a fresh store with the defaults. Other errors (no permission, a full
 * disk) are not the file's content and are thrown: renaming would not fix them.
 */
export function openRecoveringPreferences(
  file: string,
  open: () => Preferences,
  now: () => Date = () => new Date(),
): OpenedPreferences {
  try {
    return { preferences: open(), recovery: null };
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    // No colons: the name must be valid on Windows too.
    const keptAs = `${file}.corrupt-${now().toISOString().replace(/[:.]/g, '-')}`;
    try {
      renameSync(file, keptAs);
    } catch (renameErr) {
      throw new Error(`${file} is not valid JSON and could not be moved aside: ${(renameErr as Error).message}`, {
        cause: err,
      });
    }
    const message = `the preferences file ${file} is not valid JSON: the defaults are in use, and the file is kept as ${keptAs}`;
    return {
      preferences: open(),
      recovery: { file, keptAs, reason: err.message, message },
    };
  }
}
