// The form for the common keys, grouped; each field shows the problems on its key (linked to its input,
// so a screen reader reads them with it) and is disabled when an administrator's policy locks it.
import { useState } from 'react';
import {
  CONFIG_FORM_FIELDS,
  type ConfigFieldKey,
  type ConfigFieldSpec,
  type ConfigForm as FormValues,
} from '../../../main/shared/contract';
import { HelpText } from '../components/HelpText';
import { CONFIG_FIELD_GROUPS, CONFIG_FIELD_LABELS, passwordPlaceholder } from '../labels/config-fields';
import type { ConfigProblem } from '../store/config-store';
import { fieldOfProblem, sortProblems } from './config-problems';

/** Fields whose values are long (addresses, paths, the fingerprint): the whole row, never cut off. */
const WIDE_FIELDS: ReadonlySet<ConfigFieldKey> = new Set([
  'client.server',
  'client.fallback_servers',
  'client.fingerprint',
  'client.proxy',
  'client.remotes',
  'client.data_dir',
  'logging.log_file',
]);

interface Props {
  form: FormValues;
  problems: ConfigProblem[];
  lockedKeys: string[];
  hasPassword: boolean;
  passwordInKeychain: boolean;
  onChange<K extends ConfigFieldKey>(key: K, value: FormValues[K]): void;
}

export function ConfigFormView({ form, problems, lockedKeys, hasPassword, passwordInKeychain, onChange }: Props) {
  const locked = new Set(lockedKeys);
  return (
    <div className="config-form">
      {CONFIG_FIELD_GROUPS.map((group) => (
        <fieldset key={group}>
          <legend>{group}</legend>
          {CONFIG_FORM_FIELDS.filter((spec) => CONFIG_FIELD_LABELS[spec.key].group === group).map((spec) => (
            <Field
              key={spec.key}
              spec={spec}
              value={form[spec.key]}
              problems={sortProblems(
                problems.filter((p) => fieldOfProblem(p)?.tomlKey === spec.tomlKey),
                'line',
              )}
              locked={locked.has(spec.tomlKey)}
              hasPassword={hasPassword}
              passwordInKeychain={passwordInKeychain}
              onChange={(value) => onChange(spec.key, value as never)}
            />
          ))}
        </fieldset>
      ))}
    </div>
  );
}

interface FieldProps {
  spec: ConfigFieldSpec;
  value: FormValues[ConfigFieldKey];
  problems: ConfigProblem[];
  locked: boolean;
  hasPassword: boolean;
  passwordInKeychain: boolean;
  onChange(value: FormValues[ConfigFieldKey]): void;
}

/** The id of a field's input (a "Fix" button elsewhere focuses it). */
export function fieldId(key: ConfigFieldKey): string {
  return `field-${key.replace(/[^a-z0-9]+/gi, '-')}`;
}

function Field({ spec, value, problems, locked, hasPassword, passwordInKeychain, onChange }: FieldProps) {
  const text = CONFIG_FIELD_LABELS[spec.key];
  const id = fieldId(spec.key);
  const helpId = `${id}-help`;
  const problemId = (i: number) => `${id}-problem-${i}`;
  const hasError = problems.some((p) => p.severity === 'error');
  const common = {
    id,
    'data-testid': `config-field-${spec.key}`,
    disabled: locked,
    'aria-describedby': [helpId, ...problems.map((_, i) => problemId(i))].join(' '),
    'aria-invalid': hasError,
  };

  let input;
  switch (spec.kind) {
    case 'boolean':
      input = (
        <input type="checkbox" {...common} checked={value === true} onChange={(e) => onChange(e.target.checked)} />
      );
      break;
    case 'integer':
      input = (
        <input
          type="number"
          step={1}
          {...common}
          value={typeof value === 'number' ? value : 0}
          onChange={(e) => {
            const n = Number.parseInt(e.target.value, 10);
            if (Number.isInteger(n)) onChange(n);
          }}
        />
      );
      break;
    case 'log-level':
      input = (
        <select
          {...common}
          value={String(value)}
          onChange={(e) => onChange(e.target.value as FormValues['logging.log_level'])}
        >
          <option value="error">error</option>
          <option value="info">info</option>
          <option value="debug">debug</option>
        </select>
      );
      break;
    case 'list':
      input = <ListInput common={common} value={Array.isArray(value) ? value : []} onChange={onChange} />;
      break;
    case 'password':
      input = (
        <input
          type="password"
          autoComplete="new-password"
          {...common}
          placeholder={passwordPlaceholder(hasPassword, passwordInKeychain)}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.target.value)}
        />
      );
      break;
    default:
      input = (
        <input
          type="text"
          spellCheck={false}
          {...common}
          className={spec.kind === 'duration' ? 'short' : spec.key === 'client.fingerprint' ? 'mono' : undefined}
          value={typeof value === 'string' ? value : String(value)}
          onChange={(e) => onChange(e.target.value)}
        />
      );
  }

  return (
    <div
      className={`field field-${spec.kind} ${WIDE_FIELDS.has(spec.key) ? 'field-wide' : ''} ${hasError ? 'field-invalid' : ''} ${locked ? 'field-locked' : ''}`}
    >
      <label htmlFor={id}>
        {text.label}
        {locked ? (
          <span className="lock" data-testid={`config-locked-${spec.key}`} title="Locked by policy">
            locked
          </span>
        ) : null}
      </label>
      {input}
      <p id={helpId} className="help">
        <HelpText text={text.help} />
      </p>
      {/* The form has no lines: the problem is shown at its field, as the field's. */}
      {problems.map((p, i) => (
        <p
          key={i}
          id={problemId(i)}
          className={`field-problem problem-${p.severity}`}
          data-testid="config-field-problem"
        >
          {p.severity === 'warning' ? 'Warning: ' : ''}
          {p.message}
        </p>
      ))}
    </div>
  );
}

/** One item per line; the text is kept as typed while focused so empty lines can be typed. */
function ListInput({
  common,
  value,
  onChange,
}: {
  common: Record<string, unknown>;
  value: string[];
  onChange(value: string[]): void;
}) {
  const joined = value.join('\n');
  // While focused the field shows what was typed (empty lines included); otherwise the value.
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <textarea
      {...common}
      rows={Math.min(Math.max(value.length + 1, 2), 6)}
      spellCheck={false}
      value={draft ?? joined}
      onFocus={() => setDraft(joined)}
      onBlur={() => setDraft(null)}
      onChange={(e) => {
        setDraft(e.target.value);
        onChange(
          e.target.value
            .split('\n')
            .map((s) => s.trim())
            .filter((s) => s !== ''),
        );
      }}
    />
  );
}
