// Servers: the primary and the fallbacks with the last result and latency of each, the switchback
// countdown while on a fallback, and buttons to switch.
import { formatAge, formatDuration, formatMs } from '../format';
import { useApp } from '../store/store-context';
import { useNow } from '../use-now';

export function ServersView() {
  const status = useApp((s) => s.status);
  const busy = useApp((s) => s.busy);
  const switchServer = useApp((s) => s.switchServer);
  const now = useNow();
  const engine = status?.engine ?? null;
  const servers = engine?.servers ?? [];
  const active = engine?.state === 'connected' ? (engine.server?.index ?? null) : null;
  const onFallback = active !== null && active > 0;
  const canSwitch = status?.state === 'connected' || status?.state === 'reconnecting';

  return (
    <section className="view" aria-labelledby="servers-title">
      <h1 id="servers-title">Servers</h1>
      {onFallback ? (
        <div className="banner banner-warn" data-testid="switchback-countdown">
          <span>
            On fallback {active}.{' '}
            {engine?.switchbackAt
              ? engine.switchbackAt > now
                ? `Next try of the primary in ${formatDuration(engine.switchbackAt - now)}.`
                : 'Trying the primary now.'
              : 'The primary is tried again periodically.'}
          </span>
          <button
            type="button"
            data-testid="switch-primary"
            disabled={busy['switchServer:0']}
            onClick={() => void switchServer(0)}
          >
            Back to primary
          </button>
        </div>
      ) : null}
      {servers.length === 0 ? (
        <p className="muted empty">No engine report yet.</p>
      ) : (
        <ul className="server-list" data-testid="server-list">
          {servers.map((server) => {
            const isActive = server.index === active;
            return (
              <li
                key={server.index}
                className={`server-item ${isActive ? 'active' : ''}`}
                data-testid="server-item"
                data-index={server.index}
                data-active={isActive ? 'true' : 'false'}
              >
                <div className="server-main">
                  <span className={`role-tag role-${server.role}`}>
                    {server.role === 'primary' ? 'primary' : `fallback ${server.index}`}
                  </span>
                  <span className="mono wrap">{server.url}</span>
                  {isActive ? <span className="active-tag">in use</span> : null}
                </div>
                <dl className="server-facts">
                  <div>
                    <dt>Last result</dt>
                    <dd
                      className={server.lastResult === 'error' ? 'bad' : server.lastResult === 'ok' ? 'good' : 'muted'}
                    >
                      {server.lastResult === null
                        ? 'not tried'
                        : server.lastResult === 'ok'
                          ? 'ok'
                          : (server.lastError ?? 'error')}
                    </dd>
                  </div>
                  <div>
                    <dt>Latency</dt>
                    <dd>{formatMs(server.lastLatencyMs)}</dd>
                  </div>
                  <div>
                    <dt>Last tried</dt>
                    <dd>{formatAge(server.lastTriedAt, now)}</dd>
                  </div>
                </dl>
                <button
                  type="button"
                  data-testid={`switch-server-${server.index}`}
                  disabled={isActive || !canSwitch || busy[`switchServer:${server.index}`]}
                  onClick={() => void switchServer(server.index)}
                >
                  {server.index === 0 ? 'Use the primary' : 'Switch to this'}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
