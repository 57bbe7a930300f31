// The rport service on this machine, in the Status view when the app follows it (issue 17): what the
// watchdog judged and why, what the service manager says, how old its state.json is, what keeps the
// watchdog from judging (with the fix), and every restart with its reason.
import { formatAge, formatDateTime, formatDuration } from '../format';
import { SERVICE_HEALTH_LABELS, SERVICE_RUNNING_LABELS } from '../labels/service-watch';
import { useApp } from '../store/store-context';
import { useNow } from '../use-now';

export function ServicePanel() {
  const service = useApp((s) => s.status?.service ?? null);
  const busy = useApp((s) => s.busy.restartEngine === true || s.busy.retry === true);
  const restart = useApp((s) => s.restartEngine);
  const retry = useApp((s) => s.retry);
  const now = useNow();
  if (!service) return null;
  const name = `${service.serviceName} service`;
  const restarts = [...service.restarts].reverse();

  return (
    <section className="service-panel" aria-labelledby="service-title" data-testid="service-panel">
      <h2 id="service-title">The {name} on this machine</h2>
      <div className="cards">
        <div className={`card service-health-${service.health}`}>
          <h3>Watchdog</h3>
          <p className="big" data-testid="service-health">
            {SERVICE_HEALTH_LABELS[service.health]}
          </p>
          <p className="muted" data-testid="service-health-text">
            {service.healthText}
          </p>
        </div>
        <div className="card">
          <h3>Service</h3>
          <p className="big" data-testid="service-running">
            {SERVICE_RUNNING_LABELS[service.running]}
          </p>
          <p className="muted mono wrap">{service.runningDetail}</p>
        </div>
        <div className="card">
          <h3>state.json</h3>
          <p className="big" data-testid="service-age">
            {formatAge(service.lastUpdateAt, now)}
          </p>
          <p className="muted">
            {service.lastState ?? 'no state'}
            {service.lastMessage ? `: ${service.lastMessage}` : ''}
          </p>
          {service.deadlineMs !== null ? (
            <p className="muted" data-testid="service-deadline">
              Stale after {formatDuration(service.deadlineMs)}
            </p>
          ) : null}
        </div>
      </div>

      {service.failedReason ? (
        <div className="problem problem-error" role="alert" data-testid="service-failed">
          <p>{service.failedReason}</p>
          <button type="button" data-testid="service-retry" disabled={busy} onClick={() => void retry()}>
            Retry
          </button>
        </div>
      ) : null}

      {service.problems.length > 0 ? (
        <ul className="problems" aria-label="What the watchdog cannot judge" data-testid="service-problems">
          {service.problems.map((p) => (
            <li key={p.message} className="problem problem-warning">
              <span>{p.message}</span>
              {p.fix ? <span className="help"> Fix: {p.fix}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}

      <div className="row">
        <button type="button" data-testid="service-restart" disabled={busy} onClick={() => void restart()}>
          Restart the {name}
        </button>
      </div>

      <h3>
        Restarts{' '}
        <span className="muted small">
          ({service.restartCount} in total; at most {service.budget.burst} within{' '}
          {formatDuration(service.budget.intervalMs)})
        </span>
      </h3>
      {restarts.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <ol className="service-restarts" data-testid="service-restarts">
          {restarts.map((r) => (
            <li key={`${r.at}-${r.text}`}>
              <span className="muted">{formatDateTime(r.at)}</span> {r.failed ? <strong>Failed: </strong> : null}
              {r.text}
            </li>
          ))}
        </ol>
      )}

      <dl className="small">
        <dt>Config</dt>
        <dd className="mono wrap">{service.configPath}</dd>
        <dt>State file</dt>
        <dd className="mono wrap">{service.stateFile ?? 'not known yet'}</dd>
        <dt>Restart command</dt>
        <dd className="mono wrap">{service.restartCommand}</dd>
      </dl>
    </section>
  );
}
