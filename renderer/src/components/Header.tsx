// The top bar: the state word (test hook `engine-state`), the server in use (`active-server`), and the
// actions that make sense in this state.
import { useApp } from '../store/store-context';

export function Header() {
  const status = useApp((s) => s.status);
  const busy = useApp((s) => s.busy);
  const pause = useApp((s) => s.pause);
  const resume = useApp((s) => s.resume);
  const restartEngine = useApp((s) => s.restartEngine);
  const retry = useApp((s) => s.retry);
  const state = status?.state ?? null;
  const server = status?.engine?.server ?? null;
  const engineRuns = status !== null && !status.setupNeeded && status.supervisor.phase !== 'stopped';

  return (
    <header className="app-header">
      <div className="brand" aria-hidden="true">
        <span className="brand-mark" />
        RPort Tray
      </div>
      <div className="header-status" role="status" aria-live="polite">
        <span className={`state-badge state-${state ?? 'unknown'}`}>
          <span className="state-dot" aria-hidden="true" />
          <span data-testid="engine-state">{state ?? ''}</span>
        </span>
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
        {/* Connected needs no explanation; any other state says why. */}
        {status?.message && state !== 'connected' ? <span className="state-message">{status.message}</span> : null}
      </div>
      <div className="header-actions">
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
