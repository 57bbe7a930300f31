// The config on disk was changed (a text editor, `rport-tray config set`) and does not validate: the
// engine keeps running on the last good config, and every view says so until the file is fixed.
import { useApp } from '../store/store-context';

export function ConfigIssueBanner() {
  const issue = useApp((s) => s.status?.configIssue ?? null);
  const running = useApp((s) => s.status !== null && s.status.supervisor.phase !== 'stopped');
  const view = useApp((s) => s.view);
  const setView = useApp((s) => s.setView);
  if (!issue) return null;
  const more = issue.errorCount > 1 ? ` (and ${issue.errorCount - 1} more)` : '';
  return (
    <div className="banner banner-warn config-issue" role="alert" data-testid="config-issue-banner">
      <p>
        <strong>rport.conf has errors</strong>{' '}
        <span className="wrap" data-testid="config-issue-message">
          {issue.message}
          {more}
        </span>
        . {running ? 'The last good config keeps running.' : 'The engine is not running.'}
      </p>
      {view !== 'config' ? (
        <button type="button" data-testid="config-issue-open" onClick={() => setView('config')}>
          Open Config
        </button>
      ) : null}
    </div>
  );
}
