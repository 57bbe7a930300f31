// Config problems as the editor shows them: which form field a problem is about, and in what order the
// list shows them: errors first, then in the order of the form's fields (form mode) or of the lines (raw).
import { CONFIG_FORM_FIELDS, type ConfigFieldSpec } from '../../../main/shared/contract';
import type { ConfigProblem } from '../store/config-store';

/** The field a problem is about (`client.remotes[2]` is about `client.remotes`); null when the form has none. */
export function fieldOfProblem(problem: ConfigProblem): ConfigFieldSpec | null {
  return (
    CONFIG_FORM_FIELDS.find((spec) => problem.key === spec.tomlKey || problem.key.startsWith(`${spec.tomlKey}[`)) ??
    null
  );
}

export function sortProblems(problems: readonly ConfigProblem[], by: 'form' | 'line'): ConfigProblem[] {
  const rank = (p: ConfigProblem): number => {
    if (by === 'line') return p.line ?? Number.MAX_SAFE_INTEGER;
    const field = fieldOfProblem(p);
    return field ? CONFIG_FORM_FIELDS.indexOf(field) : CONFIG_FORM_FIELDS.length;
  };
  return problems
    .map((p, i) => ({ p, i }))
    .sort(
      (a, b) =>
        Number(a.p.severity !== 'error') - Number(b.p.severity !== 'error') ||
        rank(a.p) - rank(b.p) ||
        (a.p.line ?? 0) - (b.p.line ?? 0) ||
        a.i - b.i,
    )
    .map(({ p }) => p);
}
