// `[file-reception] protected`: uploads may not land in system folders. The Go client only compares a
// glob with the destination and its parent directory, so `/bin` guards `/bin/x` but not `/bin/sub/x`,
// and the Windows default `C:\Windows\` (trailing separator) matches nothing. On a desktop that is too
// weak; here a glob guards the destination, its folder and every folder above it, a trailing separator
// is ignored, and Windows paths compare case-insensitively. The refusal text is the Go client's.
import path from 'node:path';
import { goGlobToRegExp } from '../../../shared/go/glob';

export interface ProtectionResult {
  matchedPath: string;
  pattern: string;
}

export function findProtectedMatch(destination: string, patterns: string[], windows: boolean): ProtectionResult | null {
  const paths = windows ? path.win32 : path.posix;
  const target = paths.resolve(destination);
  const candidates: string[] = [target];
  for (let dir = paths.dirname(target); ; dir = paths.dirname(dir)) {
    candidates.push(dir);
    if (paths.dirname(dir) === dir) break;
  }
  for (const raw of patterns) {
    const trimmed = raw.length > 1 ? raw.replace(windows ? /[\\/]+$/ : /\/+$/, '') : raw;
    let re: RegExp;
    try {
      re = goGlobToRegExp(trimmed === '' ? raw : trimmed, { windows });
    } catch {
      continue;
    }
    // Check the parent directory first: it is what Go names in its message for files inside.
    const ordered = [candidates[1], candidates[0], ...candidates.slice(2)].filter((c): c is string => c !== undefined);
    for (const candidate of ordered) {
      if (re.test(candidate)) return { matchedPath: candidate, pattern: raw };
    }
  }
  return null;
}

export const protectedPathText = (match: ProtectionResult): string =>
  `target path ${match.matchedPath} matches protected pattern ${match.pattern}, therefore the file push request is rejected`;
