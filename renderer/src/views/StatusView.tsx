// Status: the state, the server, how long connected, how fresh the last report is, the latency chart
// and the timeline of state changes and watchdog restarts.
import { LatencyChart } from '../components/LatencyChart';
import { ServicePanel } from '../components/ServicePanel';
import { TimelineList } from '../components/TimelineList';
import { formatAge, formatDateTime, formatDuration, formatMs } from '../format';
import { useApp } from '../store/store-context';
import { useNow } from '../use-now';

export function StatusView() {
  const status = useApp((s) => s.status);
  const latency = useApp((s) => s.latency);
  const timeline = useApp((s) => s.timeline);
  const now = useNow();
  if (!status) return null;
  const engine = status.engine;
  const server = engine?.server ?? null;

  return (
    <section className="view" aria-labelledby="status-title">
      <h1 id="status-title">Status</h1>
      <div className="cards">
        <div className={`card state-card state-${status.state}`}>
          <h2>State</h2>
          <p className="big">{status.state}</p>
          <p className="muted">{status.message}</p>
          {status.supervisor.restartCount > 0 ? (
            <p className="muted">Watchdog restarts: {status.supervisor.restartCount}</p>
          ) : null}
        </div>
        <div className="card">
          <h2>Server</h2>
          {server ? (
            <>
              <p className="big mono wrap">{server.url}</p>
              <p className="muted">{server.role === 'primary' ? 'Primary server' : `Fallback ${server.index}`}</p>
            </>
          ) : (
            <p className="muted">Not connected{engine?.lastError ? `: ${engine.lastError}` : ''}</p>
          )}
          {engine?.proxy ? (
            <p className="muted mono wrap" data-testid="proxy-in-use">
              Proxy: {engine.proxy}
            </p>
          ) : null}
        </div>
        <div className="card">
          <h2>Connected since</h2>
          {engine?.connectedSince ? (
            <>
              <p className="big" data-testid="connected-since">
                {formatDuration(now - engine.connectedSince)}
              </p>
              <p className="muted">{formatDateTime(engine.connectedSince)}</p>
            </>
          ) : (
            <p className="big muted" data-testid="connected-since">
              —
            </p>
          )}
        </div>
        <div className="card">
          <h2>Last update</h2>
          <p className="big" data-testid="last-update">
            {formatAge(status.lastUpdateAt, now)}
          </p>
          <p className="muted">Last ping {formatMs(engine?.lastPingMs ?? null)}</p>
        </div>
      </div>
      <ServicePanel />
      <h2>Latency</h2>
      <LatencyChart samples={latency} />
      <h2>Timeline</h2>
      <TimelineList entries={timeline} />
    </section>
  );
}
