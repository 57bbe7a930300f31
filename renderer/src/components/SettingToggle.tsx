// One on/off setting: a checkbox with its label and help, disabled with the app's one-line reason when
// this run of the app cannot do it (e.g. start at login in a headless run).
import type { Capability } from '../../../main/shared/contract';

interface Props {
  testId: string;
  label: string;
  help?: string;
  checked: boolean;
  capability?: Capability;
  /** Why it is off although the capability is there (e.g. no password to move yet). */
  blockedReason?: string | null;
  busy?: boolean;
  onChange(checked: boolean): void;
}

export function SettingToggle({ testId, label, help, checked, capability, blockedReason, busy, onChange }: Props) {
  const unavailable = capability !== undefined && !capability.available;
  const reason = unavailable ? (capability.reason ?? 'Not available in this run of the app.') : (blockedReason ?? null);
  const id = `setting-${testId}`;
  return (
    <div className={`setting ${reason ? 'setting-off' : ''}`}>
      <input
        type="checkbox"
        id={id}
        data-testid={testId}
        checked={checked}
        disabled={reason !== null || busy === true}
        aria-describedby={help || reason ? `${id}-help` : undefined}
        onChange={(e) => onChange(e.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
      {help || reason ? (
        <p id={`${id}-help`} className="help">
          {help}
          {reason ? (
            <span className="reason" data-testid={`${testId}-reason`}>
              {reason}
            </span>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}
