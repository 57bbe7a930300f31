// The raw TOML view: a plain textarea with a line-number gutter that marks the lines with problems, and
// the problem list below; a problem's "line N" button puts the cursor on that line.
import { useMemo, useRef } from 'react';
import type { ConfigFieldKey } from '../../../main/shared/contract';
import { CONFIG_FIELD_LABELS } from '../labels/config-fields';
import type { ConfigProblem } from '../store/config-store';
import { fieldOfProblem, sortProblems } from './config-problems';

const PROBLEMS_ID = 'config-raw-problems';

interface Props {
  text: string;
  problems: ConfigProblem[];
  lockedKeys: string[];
  onChange(text: string): void;
}

export function RawConfigEditor({ text, problems, lockedKeys, onChange }: Props) {
  const areaRef = useRef<HTMLTextAreaElement>(null);
  const gutterRef = useRef<HTMLDivElement>(null);
  const lineCount = text.split('\n').length;
  const byLine = useMemo(() => {
    const map = new Map<number, ConfigProblem[]>();
    for (const p of problems) if (p.line !== null) map.set(p.line, [...(map.get(p.line) ?? []), p]);
    return map;
  }, [problems]);

  const goToLine = (line: number) => {
    const area = areaRef.current;
    if (!area) return;
    const lines = area.value.split('\n');
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    area.focus();
    area.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
  };

  return (
    <div className="raw-editor">
      {lockedKeys.length > 0 ? (
        <p className="muted small" data-testid="config-locked-note">
          Locked by policy: {lockedKeys.join(', ')}. Changes to them are refused.
        </p>
      ) : null}
      <div className="code-area">
        <div className="gutter" ref={gutterRef} aria-hidden="true">
          {Array.from({ length: lineCount }, (_, i) => {
            const line = i + 1;
            const lineProblems = byLine.get(line);
            const severity = lineProblems?.some((p) => p.severity === 'error')
              ? 'error'
              : lineProblems
                ? 'warning'
                : null;
            return (
              <div
                key={line}
                className={`gutter-line ${severity ? `gutter-${severity}` : ''}`}
                data-testid="config-gutter-line"
                data-line={line}
                data-problem={severity ?? undefined}
                title={lineProblems?.map((p) => p.message).join('\n')}
              >
                {line}
              </div>
            );
          })}
        </div>
        <textarea
          ref={areaRef}
          className="code"
          data-testid="config-raw-text"
          aria-label="rport.conf (TOML)"
          aria-invalid={problems.some((p) => p.severity === 'error')}
          aria-describedby={problems.length > 0 ? PROBLEMS_ID : undefined}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          wrap="off"
          value={text}
          onChange={(e) => onChange(e.target.value)}
          onScroll={(e) => {
            if (gutterRef.current) gutterRef.current.scrollTop = e.currentTarget.scrollTop;
          }}
        />
      </div>
      <ProblemList problems={problems} onGoToLine={goToLine} id={PROBLEMS_ID} />
    </div>
  );
}

/**
 * The problems, errors first. Raw mode: by line, each with a button to its line. Form mode (`onGoToField`):
 * in the order of the form's fields, each named by its field (the form has no lines), with a button to it.
 */
export function ProblemList({
  problems,
  onGoToLine,
  onGoToField,
  id,
}: {
  problems: ConfigProblem[];
  onGoToLine?: (line: number) => void;
  onGoToField?: (key: ConfigFieldKey) => void;
  id?: string;
}) {
  if (problems.length === 0) {
    return (
      <p className="good small" data-testid="config-valid">
        No problems found.
      </p>
    );
  }
  return (
    <ul className="problems" aria-label="Problems" data-testid="config-problems" id={id}>
      {sortProblems(problems, onGoToField ? 'form' : 'line').map((p, i) => {
        const field = onGoToField ? fieldOfProblem(p) : null;
        return (
          <li
            key={`${p.line}-${p.key}-${i}`}
            className={`problem problem-${p.severity}`}
            data-testid="config-problem"
            data-line={p.line ?? ''}
            data-key={p.key}
          >
            {onGoToField ? (
              field ? (
                <button type="button" className="link" onClick={() => onGoToField(field.key)}>
                  {CONFIG_FIELD_LABELS[field.key].label}
                </button>
              ) : (
                <span className="muted">Raw TOML only</span>
              )
            ) : p.line !== null && onGoToLine ? (
              <button type="button" className="link" onClick={() => onGoToLine(p.line ?? 1)}>
                line {p.line}
              </button>
            ) : p.line !== null ? (
              <span>line {p.line}</span>
            ) : null}
            {p.key ? <code>{p.key}</code> : null}
            <span>{p.message}</span>
          </li>
        );
      })}
    </ul>
  );
}
