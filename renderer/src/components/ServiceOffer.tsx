// First start: when an rport client is installed as a service here, the Setup view offers to watch it
// instead of setting up a client of the app's own (issue 17). The desktop app restarts into that mode; a
// headless run says which command does it.
import { useEffect, useState } from 'react';
import type { InstalledService } from '../../../main/shared/contract';
import { describeError } from '../store/app-store';
import { useApp, useClient } from '../store/store-context';

export function ServiceOffer() {
  const client = useClient();
  const notify = useApp((s) => s.notify);
  const canChange = useApp((s) => s.settings?.connection?.canChange ?? null);
  const [services, setServices] = useState<InstalledService[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void client.findInstalledServices().then((outcome) => {
      if (live && outcome.ok) setServices(outcome.value.services);
    });
    return () => {
      live = false;
    };
  }, [client]);

  if (services.length === 0) return null;

  const watch = async (service: InstalledService) => {
    setBusy(true);
    setError(null);
    try {
      const outcome = await client.setConnection({ mode: 'service', service: { configPath: service.configPath } });
      if (!outcome.ok) return setError(describeError(outcome.error));
      notify('info', 'RPort Tray restarts to watch the rport service.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="import-panel" data-testid="service-offer">
      <p>
        An rport client runs as a service on this machine. RPort Tray can watch it instead: show its state in the tray,
        restart it when it hangs or stops, and edit its config.
      </p>
      <ul>
        {services.map((s) => (
          <li key={s.configPath}>
            <code className="wrap">{s.configPath}</code>{' '}
            <span className="muted small">
              (
              {s.stateFileExists
                ? `state.json at ${s.stateFile}`
                : `no ${s.stateFile} yet: watchdog_integration is off?`}
              )
            </span>{' '}
            {canChange?.available !== false ? (
              <button type="button" data-testid="service-offer-watch" disabled={busy} onClick={() => void watch(s)}>
                Watch this service
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {canChange && !canChange.available ? (
        <p className="help">
          <span className="reason" data-testid="service-offer-reason">
            {canChange.reason}
          </span>
        </p>
      ) : null}
      {error ? (
        <p className="problem problem-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
