// Tunnels: the streams open through this client right now, with their rate each way, and the history of
// the ones that closed (how long each was open, what it carried, why it closed), across engine restarts.
import type { TunnelView } from '../../../main/shared/contract';
import { formatBytes, formatDateTime, formatDuration, formatRate } from '../format';
import { LIMITS } from '../store/reducers';
import { useApp } from '../store/store-context';
import { useNow } from '../use-now';

/** The engine reports an open stream's counts about once a second while bytes flow: older means idle. */
const LIVE_RATE_MS = 2500;

export function TunnelsView() {
  const tunnels = useApp((s) => s.tunnels);
  const now = useNow();
  const open = tunnels.filter((t) => t.closedAt === null).length;
  const closed = tunnels.length - open;
  return (
    <section className="view" aria-labelledby="tunnels-title">
      <h1 id="tunnels-title">Tunnels</h1>
      <p className="muted">
        {open === 0 ? 'No tunnel stream is open.' : `${open} open tunnel stream${open === 1 ? '' : 's'}.`}
        {closed > 0 ? ` History: the last ${closed} closed (up to ${LIMITS.closedTunnels} are kept).` : ''}
      </p>
      <div className="table-scroll">
        <table className="table" data-testid="tunnel-list">
          <caption className="sr-only">Tunnel streams</caption>
          <thead>
            <tr>
              <th scope="col">Target</th>
              <th scope="col">Opened</th>
              <th scope="col" className="num">
                Received / sent
              </th>
              <th scope="col" className="num">
                Rate
              </th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {tunnels.map((t) => {
              const isOpen = t.closedAt === null;
              return (
                <tr
                  key={t.id}
                  data-testid="tunnel-row"
                  data-open={isOpen ? 'true' : 'false'}
                  data-bytes-in={t.bytesIn}
                  data-bytes-out={t.bytesOut}
                  className={isOpen ? '' : 'closed'}
                >
                  <td className="mono nowrap">
                    {t.target}
                    {t.protocol === 'udp' ? <span className="role-tag">udp</span> : null}
                  </td>
                  <td>
                    {formatDateTime(t.openedAt)}
                    <span className="cell-note" data-testid="tunnel-duration">
                      {isOpen ? 'open for ' : 'was open '}
                      {formatDuration((t.closedAt ?? now) - t.openedAt)}
                    </span>
                  </td>
                  <td className="num">
                    <span title="from the server to the target">↓ {formatBytes(t.bytesIn)}</span>
                    <span className="cell-note" title="from the target back to the server">
                      ↑ {formatBytes(t.bytesOut)}
                    </span>
                  </td>
                  <td className="num" data-testid="tunnel-rate">
                    <Rate tunnel={t} now={now} />
                  </td>
                  <td>
                    {isOpen ? (
                      <span className="good">open</span>
                    ) : (
                      <>
                        <span className="muted">closed</span>
                        {t.closeReason ? <span className="cell-note">{t.closeReason}</span> : null}
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** An open stream's rate since its last report (idle when none came lately); a closed one's average. */
function Rate({ tunnel: t, now }: { tunnel: TunnelView; now: number }) {
  if (t.closedAt !== null) {
    const seconds = Math.max(1, (t.closedAt - t.openedAt) / 1000);
    return (
      <>
        <span>↓ {formatRate(t.bytesIn / seconds)}</span>
        <span className="cell-note">↑ {formatRate(t.bytesOut / seconds)} average</span>
      </>
    );
  }
  const live = t.updatedAt !== undefined && now - t.updatedAt < LIVE_RATE_MS && t.rateIn != null && t.rateOut != null;
  if (!live) return <span className="muted">idle</span>;
  return (
    <>
      <span>↓ {formatRate(t.rateIn ?? 0)}</span>
      <span className="cell-note">↑ {formatRate(t.rateOut ?? 0)}</span>
    </>
  );
}
