// Status: the state (with what the user must fix, if anything), the server, this device as the server
// knows it, how long connected, how fresh the last report is, the latency chart and the timeline of state
// changes and watchdog restarts.
import { DeviceCard } from '../components/DeviceCard';
import { LatencyChart } from '../components/LatencyChart';
import { ProblemBanner } from '../components/ProblemBanner';
import { ServicePanel } from '../components/ServicePanel';
import { TimelineList } from '../components/TimelineList';
import { formatAge, formatDateTime, formatDuration, formatMs, roundDurationsInText } from '../format';
import { statusLine } from '../labels/status-text';
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
  const connectedFor = engine?.connectedSince ? now - engine.connectedSince : null;

  return (
    <section className="view" aria-labelledby="status-title">
      <h1 id="status-title">Status</h1>
      {status.problem ? <ProblemBanner problem={status.problem} status={status} now={now} /> : null}
      <div className="cards">
        <div className={`card state-card state-${status.state} ${status.problem ? 'state-problem' : ''}`}>
          <h2>State</h2>
          <p className="big">{status.state}</p>
          <p className="muted" data-testid="status-line">
            {statusLine(status, now)}
          </p>
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
            <p className="muted wrap">
              Not connected{engine?.lastError ? `: ${roundDurationsInText(engine.lastError)}` : ''}
            </p>
          )}
          {engine?.proxy ? (
            <p className="muted mono wrap" data-testid="proxy-in-use">
              Proxy: {engine.proxy}
            </p>
          ) : null}
        </div>
        <DeviceCard engine={engine} />
        <div className="card">
          <h2>Connected for</h2>
          {connectedFor !== null && engine?.connectedSince ? (
            <>
              <p className="big" data-testid="connected-since">
                {connectedFor < 1000 ? 'just now' : formatDuration(connectedFor)}
              </p>
              <p className="muted">since {formatDateTime(engine.connectedSince)}</p>
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
