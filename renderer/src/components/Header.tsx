// The top bar: the state word (test hook `engine-state`), a problem the user must fix (`engine-problem`),
// the server in use (`active-server`), the line behind the state with its live countdown, and the
// actions that make sense in this state. Screen readers hear the state through a live region of its own
// that changes with the state, never with the countdown.
import { PROBLEM_LABELS, statusAnnouncement, statusLine } from '../labels/status-text';
import { useApp } from '../store/store-context';
import { useNow } from '../use-now';

export function Header() {
  const status = useApp((s) => s.status);
  const busy = useApp((s) => s.busy);
  const pause = useApp((s) => s.pause);
  const resume = useApp((s) => s.resume);
  const restartEngine = useApp((s) => s.restartEngine);
  const retry = useApp((s) => s.retry);
  const openConfigField = useApp((s) => s.openConfigField);
  const now = useNow();
  const state = status?.state ?? null;
  const server = status?.engine?.server ?? null;
  const problem = status?.problem ?? null;
  const engineRuns = status !== null && !status.setupNeeded && status.supervisor.phase !== 'stopped';
  const line = status && state !== 'connected' ? statusLine(status, now) : '';

  return (
    <header className="app-header">
      <div className="brand" aria-hidden="true">
        <span className="brand-mark" />
        RPort Tray
      </div>
      <div className="header-status">
        <span className={`state-badge state-${state ?? 'unknown'} ${problem ? 'state-problem' : ''}`}>
          <span className="state-dot" aria-hidden="true" />
          <span data-testid="engine-state">{state ?? ''}</span>
        </span>
        {problem ? (
          <span className="problem-tag" data-testid="engine-problem" data-kind={problem.kind}>
            {PROBLEM_LABELS[problem.kind].title}
          </span>
        ) : null}
        <span
          className="active-server"
          data-testid="active-server"
          data-role={server?.role ?? ''}
          data-index={server?.index ?? ''}
          title={server ? `${server.url} (${server.role})` : 'not connected'}
        >
          {server ? (
            <>
              <span className="server-url">{server.url}</span>
              <span className={`role-tag role-${server.role}`}>{server.role}</span>
            </>
          ) : (
            <span className="muted">no server</span>
          )}
        </span>
        {/* Connected needs no explanation; any other state says why (and when the next try is). */}
        {line ? (
          <span className="state-message" data-testid="state-message">
            {line}
          </span>
        ) : null}
      </div>
      <p className="sr-only" role="status" aria-live="polite" data-testid="state-announcement">
        {status ? statusAnnouncement(status) : ''}
      </p>
      <div className="header-actions">
        {problem ? (
          <button
            type="button"
            className="primary"
            data-testid="fix-problem"
            onClick={() => openConfigField(PROBLEM_LABELS[problem.kind].field)}
          >
            {PROBLEM_LABELS[problem.kind].fix}
          </button>
        ) : null}
        {state === 'paused' ? (
          <button type="button" data-testid="action-resume" disabled={busy.resume} onClick={() => void resume()}>
            Resume
          </button>
        ) : state === 'failed' ? (
          <button
            type="button"
            className="primary"
            data-testid="action-retry"
            disabled={busy.retry}
            onClick={() => void retry()}
          >
            Retry
          </button>
        ) : (
          <button
            type="button"
            data-testid="action-pause"
            disabled={!engineRuns || busy.pause}
            onClick={() => void pause()}
          >
            Pause
          </button>
        )}
        <button
          type="button"
          data-testid="action-restart"
          disabled={!engineRuns || busy.restartEngine}
          onClick={() => void restartEngine()}
        >
          Restart engine
        </button>
      </div>
    </header>
  );
}
