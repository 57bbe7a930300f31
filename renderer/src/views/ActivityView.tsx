// Activity: the commands and uploads the server asked this machine for, so the person at it can see
// what was done remotely: who asked, the outcome and why, how long it ran, and its output. The switch at
// the top blocks them (the tray menu has the same switch).
import { SettingToggle } from '../components/SettingToggle';
import { formatDateTime, formatElapsed } from '../format';
import { useApp } from '../store/store-context';

export function ActivityView() {
  const activity = useApp((s) => s.activity);
  const blocked = useApp((s) => s.status?.remoteCommandsBlocked ?? s.status?.engine?.remoteCommandsBlocked ?? false);
  const busy = useApp((s) => s.busy.setRemoteCommandsBlocked === true);
  const setBlocked = useApp((s) => s.setRemoteCommandsBlocked);
  const desktop = useApp((s) => s.app?.mode === 'electron');
  const shown = activity.slice().reverse();
  return (
    <section className="view" aria-labelledby="activity-title">
      <h1 id="activity-title">Activity</h1>
      <div className="activity-controls">
        <SettingToggle
          testId="block-remote-commands"
          label="Block remote commands"
          help={`Refuse the server's commands, scripts and file uploads until you allow them again${desktop ? ' (here or in the tray menu)' : ''}. Applies at once, until the app quits.`}
          checked={blocked}
          busy={busy}
          onChange={(on) => void setBlocked(on)}
        />
      </div>
      {blocked ? (
        <p className="banner banner-warn" data-testid="remote-commands-blocked">
          Remote commands are blocked for now: the server's commands, scripts and uploads are refused.
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
                {a.initiator ? (
                  <span className="muted" data-testid="activity-initiator">
                    by {a.initiator}
                  </span>
                ) : null}
                {a.durationMs != null ? (
                  <span className="muted" data-testid="activity-duration">
                    {a.outcome === 'unknown' ? 'observed for' : 'took'} {formatElapsed(a.durationMs)}
                  </span>
                ) : null}
              </div>
              <code className="wrap">{a.summary}</code>
              {a.detail ? (
                <p className="muted wrap" data-testid="activity-detail">
                  {a.detail}
                </p>
              ) : null}
              {a.output ? (
                <details className="activity-output" data-testid="activity-output">
                  <summary>Output</summary>
                  <pre>{a.output}</pre>
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
