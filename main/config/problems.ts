// Building and printing ConfigProblems: `FILE:LINE: key: message`, warnings prefixed `warning:`.
import type { ConfigProblem } from '../shared/types/config-types';

export const configError = (file: string, line: number | null, key: string, message: string): ConfigProblem => ({
  severity: 'error',
  file,
  line,
  key,
  message,
});

export const configWarning = (file: string, line: number | null, key: string, message: string): ConfigProblem => ({
  severity: 'warning',
  file,
  line,
  key,
  message,
});

export const hasErrors = (problems: readonly ConfigProblem[]): boolean => problems.some((p) => p.severity === 'error');

/** One line per problem; a problem without a line (the key is absent) prints `FILE: key: message`. */
export function formatProblem(p: ConfigProblem): string {
  const where = p.line === null ? p.file : `${p.file}:${p.line}`;
  const key = p.key === '' ? '' : ` ${p.key}:`;
  return `${where}:${key} ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}`;
}
