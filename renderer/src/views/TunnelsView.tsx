// Tunnels: the streams open through this client right now (and the ones that just closed).
import { formatBytes, formatDateTime } from '../format';
import { useApp } from '../store/store-context';

export function TunnelsView() {
  const tunnels = useApp((s) => s.tunnels);
  const open = tunnels.filter((t) => t.closedAt === null).length;
  return (
    <section className="view" aria-labelledby="tunnels-title">
      <h1 id="tunnels-title">Tunnels</h1>
      <p className="muted">
        {open === 0 ? 'No tunnel stream is open.' : `${open} open tunnel stream${open === 1 ? '' : 's'}.`}
      </p>
      <table className="table" data-testid="tunnel-list">
        <caption className="sr-only">Tunnel streams</caption>
        <thead>
          <tr>
            <th scope="col">Target</th>
            <th scope="col">Opened</th>
            <th scope="col" className="num">
              Received
            </th>
            <th scope="col" className="num">
              Sent
            </th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {tunnels.map((t) => (
            <tr
              key={t.id}
              data-testid="tunnel-row"
              data-open={t.closedAt === null ? 'true' : 'false'}
              data-bytes-in={t.bytesIn}
              data-bytes-out={t.bytesOut}
              className={t.closedAt === null ? '' : 'closed'}
            >
              <td className="mono">
                {t.target}
                {t.protocol === 'udp' ? <span className="role-tag">udp</span> : null}
              </td>
              <td>{formatDateTime(t.openedAt)}</td>
              <td className="num" title="from the server to the target">
                {formatBytes(t.bytesIn)}
              </td>
              <td className="num" title="from the target back to the server">
                {formatBytes(t.bytesOut)}
              </td>
              <td>
                {t.closedAt === null ? (
                  <span className="good">open</span>
                ) : (
                  <span className="muted">closed{t.closeReason ? `: ${t.closeReason}` : ''}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
