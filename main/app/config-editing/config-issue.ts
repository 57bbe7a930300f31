// The banner's summary of a config that does not validate: its first error with the line, and how many.
import type { ConfigIssue } from '../../shared/contract';
import type { ConfigProblem } from '../../shared/types/config-types';

export function configIssueFrom(problems: readonly ConfigProblem[], file: string, at: number): ConfigIssue {
  const errors = problems.filter((p) => p.severity === 'error');
  const first = errors[0];
  if (!first) return { message: 'the config has errors', file, line: null, errorCount: 1, at };
  const where = first.line !== null ? `line ${first.line}: ` : '';
  const key = first.key ? `${first.key}: ` : '';
  return {
    message: `${where}${key}${first.message}`,
    file: first.file,
    line: first.line,
    errorCount: errors.length,
    at,
  };
}
