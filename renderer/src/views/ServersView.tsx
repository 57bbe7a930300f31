// Servers: the primary and the fallbacks with the last result of each, its connect time and (for the one
// in use) the last ping; a live countdown to the next switchback probe while on a fallback, or to the next
// attempt while not connected, each with the one button that acts on it; and a button per fallback.
import { formatAge, formatCountdown, formatMs, roundDurationsInText } from '../format';
import { useApp } from '../store/store-context';
import { useNow } from '../use-now';

export function ServersView() {
  const status = useApp((s) => s.status);
  const busy = useApp((s) => s.busy);
  const switchServer = useApp((s) => s.switchServer);
  const now = useNow();
  const engine = status?.engine ?? null;
  const servers = engine?.servers ?? [];
  const connected = status?.state === 'connected';
  const active = connected ? (engine?.server?.index ?? null) : null;
  const onFallback = active !== null && active > 0;
  const canSwitch = connected || status?.state === 'reconnecting';
  const switchback = engine?.switchbackAt ? formatCountdown(engine.switchbackAt, now) : null;
  const retry = status?.nextRetryAt ? formatCountdown(status.nextRetryAt, now) : null;

  return (
    <section className="view" aria-labelledby="servers-title">
      <h1 id="servers-title">Servers</h1>
      {onFallback ? (
        <div className="banner banner-warn" data-testid="switchback-countdown">
          <span>
            On fallback {active}.{' '}
            {engine?.switchbackAt
              ? switchback
                ? `Next try of the primary in ${switchback}.`
                : 'Trying the primary now.'
              : 'The primary is tried again periodically.'}
          </span>
          <button
            type="button"
            data-testid="switch-primary"
            disabled={busy['switchServer:0']}
            onClick={() => void switchServer(0)}
          >
            Back to the primary now
          </button>
        </div>
      ) : status?.state === 'reconnecting' && status.engine?.state === 'reconnecting' ? (
        <div className="banner banner-warn" data-testid="retry-countdown">
          <span>
            Not connected. {retry ? `Next try in ${retry}` : 'Trying now…'}
            {engine && engine.attempt > 0 ? ` (attempt ${engine.attempt}).` : '.'}
          </span>
          <button
            type="button"
            data-testid="retry-now"
            disabled={!retry || busy['switchServer:0']}
            onClick={() => void switchServer(0)}
          >
            Try now
          </button>
        </div>
      ) : null}
      {servers.length === 0 ? (
        <p className="muted empty">No engine report yet.</p>
      ) : (
        <ul className="server-list" data-testid="server-list">
          {servers.map((server) => {
            const isActive = server.index === active;
            const failed = server.lastResult === 'error';
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
                    <dd className={failed ? 'bad wrap' : server.lastResult === 'ok' ? 'good' : 'muted'}>
                      {server.lastResult === null
                        ? 'not tried'
                        : failed
                          ? roundDurationsInText(server.lastError ?? 'error')
                          : 'ok'}
                    </dd>
                  </div>
                  <div>
                    <dt title="WebSocket, SSH and login, on the last successful connect">Connect time</dt>
                    <dd data-testid="server-connect-time">{formatMs(failed ? null : server.lastDialMs)}</dd>
                  </div>
                  {isActive ? (
                    <div>
                      <dt>Last ping</dt>
                      <dd data-testid="server-last-ping">{formatMs(engine?.lastPingMs)}</dd>
                    </div>
                  ) : null}
                  <div>
                    <dt>Last tried</dt>
                    <dd>{formatAge(server.lastTriedAt, now)}</dd>
                  </div>
                </dl>
                {server.index > 0 && !isActive ? (
                  <button
                    type="button"
                    data-testid={`switch-server-${server.index}`}
                    disabled={!canSwitch || busy[`switchServer:${server.index}`]}
                    onClick={() => void switchServer(server.index)}
                  >
                    Switch to this
                  </button>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
