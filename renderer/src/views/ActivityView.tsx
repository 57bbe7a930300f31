// Activity: the commands and uploads the server asked this machine for, so the person at it can see
// what was done remotely.
import { formatDateTime } from '../format';
import { useApp } from '../store/store-context';

export function ActivityView() {
  const activity = useApp((s) => s.activity);
  const blocked = useApp((s) => s.status?.engine?.remoteCommandsBlocked ?? false);
  const desktop = useApp((s) => s.app?.mode === 'electron');
  const shown = activity.slice().reverse();
  return (
    <section className="view" aria-labelledby="activity-title">
      <h1 id="activity-title">Activity</h1>
      {blocked ? (
        <p className="banner banner-warn" data-testid="remote-commands-blocked">
          Remote commands are blocked for now: the server's commands and scripts are refused
          {desktop ? ' until you allow them again in the tray menu.' : '.'}
        </p>
      ) : null}
      {shown.length === 0 ? (
        <p className="muted empty">The server has not run a command or sent a file.</p>
      ) : (
        <ul className="activity-list" data-testid="activity-list">
          {shown.map((a) => (
            <li key={a.id} data-testid="activity-item" data-kind={a.kind} data-outcome={a.outcome}>
              <div className="activity-head">
                <span className="role-tag">{a.kind}</span>
                <span className={`outcome outcome-${a.outcome}`}>{a.outcome}</span>
                <time dateTime={new Date(a.at).toISOString()} className="muted">
                  {formatDateTime(a.at)}
                </time>
              </div>
              <code className="wrap">{a.summary}</code>
              {a.detail ? <p className="muted">{a.detail}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
