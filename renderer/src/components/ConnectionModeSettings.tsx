// Settings: what RPort Tray follows, its own client or the rport service on this machine (issue 17), and
// how that service is found, asked, restarted and its config saved. Disabled with the reason where this run
// cannot change it (a headless run follows its command) or the administrator's policy pins it; the desktop
// app restarts itself to apply a change.
import { useEffect, useState } from 'react';
import type { ConnectionMode, InstalledService, ServiceSettings } from '../../../main/shared/contract';
import { CONNECTION_MODE_LABELS, LOCKED_BY_POLICY, SERVICE_FIELD_LABELS } from '../labels/service-watch';
import { describeError } from '../store/app-store';
import { useApp, useClient } from '../store/store-context';

const FIELDS: (keyof ServiceSettings)[] = [
  'configPath',
  'stateFile',
  'serviceName',
  'restartCommand',
  'statusCommand',
  'saveHelper',
];

const MODES: ConnectionMode[] = ['engine', 'service'];

export function ConnectionModeSettings() {
  const client = useClient();
  const notify = useApp((s) => s.notify);
  const connection = useApp((s) => s.settings?.connection ?? null);
  const [mode, setMode] = useState<ConnectionMode | null>(null);
  const [draft, setDraft] = useState<Partial<Record<keyof ServiceSettings, string>>>({});
  const [installed, setInstalled] = useState<InstalledService[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void client.findInstalledServices().then((outcome) => {
      if (live && outcome.ok) setInstalled(outcome.value.services);
    });
    return () => {
      live = false;
    };
  }, [client]);

  if (!connection) return null;
  const locked = new Set(connection.locked);
  const canChange = connection.canChange.available;
  const chosen = mode ?? connection.mode;
  const value = (field: keyof ServiceSettings) => draft[field] ?? connection.service[field] ?? '';

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const service: Partial<ServiceSettings> = {};
      for (const field of FIELDS) {
        const text = draft[field];
        if (text === undefined || locked.has(`service.${field}`)) continue;
        if (field === 'serviceName') service.serviceName = text.trim() || 'rport';
        else service[field] = text.trim() === '' ? null : text.trim();
      }
      const outcome = await client.setConnection({
        ...(locked.has('mode') ? {} : { mode: chosen }),
        service,
      });
      if (!outcome.ok) return setError(describeError(outcome.error));
      setDraft({});
      setMode(null);
      const next = outcome.value.connection;
      notify(
        'info',
        next && next.mode !== next.activeMode ? 'Saved. RPort Tray restarts to follow the new choice.' : 'Saved.',
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <fieldset className="settings-group" data-testid="connection-settings">
      <legend>What RPort Tray follows</legend>
      {!canChange ? (
        <p className="help">
          <span className="reason" data-testid="connection-reason">
            {connection.canChange.reason}
          </span>
        </p>
      ) : null}
      <div className="setting-choice" role="radiogroup" aria-labelledby="connection-mode-label">
        <span id="connection-mode-label" className="setting-label">
          Connection
        </span>
        {MODES.map((m) => (
          <label key={m} className="setting">
            <input
              type="radio"
              name="connection-mode"
              data-testid={`connection-mode-${m}`}
              checked={chosen === m}
              disabled={!canChange || busy}
              onChange={() => setMode(m)}
            />
            {CONNECTION_MODE_LABELS[m].label}
            <span className="help"> {CONNECTION_MODE_LABELS[m].help}</span>
          </label>
        ))}
      </div>
      {connection.activeMode !== connection.mode ? (
        <p className="help" data-testid="connection-pending">
          This run still follows {CONNECTION_MODE_LABELS[connection.activeMode].label.toLowerCase()}; the change applies
          when RPort Tray starts again.
        </p>
      ) : null}
      {chosen === 'service' ? (
        <div className="service-settings">
          {FIELDS.map((field) => {
            const labels = SERVICE_FIELD_LABELS[field];
            const pinned = locked.has(`service.${field}`);
            const id = `service-${field}`;
            return (
              <div key={field} className={`setting-choice ${pinned ? 'setting-off' : ''}`}>
                <label htmlFor={id} className="setting-label">
                  {labels.label}
                </label>
                <input
                  id={id}
                  data-testid={id}
                  className="mono"
                  value={value(field)}
                  placeholder={labels.placeholder}
                  list={field === 'configPath' ? 'installed-services' : undefined}
                  disabled={!canChange || pinned || busy}
                  aria-describedby={`${id}-help`}
                  onChange={(e) => setDraft({ ...draft, [field]: e.target.value })}
                />
                <p id={`${id}-help`} className="help">
                  {labels.help}
                  {pinned ? <span className="reason"> {LOCKED_BY_POLICY(connection.policyFile)}</span> : null}
                </p>
              </div>
            );
          })}
          <datalist id="installed-services">
            {installed.map((s) => (
              <option key={s.configPath} value={s.configPath} />
            ))}
          </datalist>
        </div>
      ) : null}
      {error ? (
        <p className="problem problem-error" role="alert" data-testid="connection-error">
          {error}
        </p>
      ) : null}
      <button type="button" data-testid="connection-save" disabled={!canChange || busy} onClick={() => void save()}>
        Save
      </button>
    </fieldset>
  );
}
