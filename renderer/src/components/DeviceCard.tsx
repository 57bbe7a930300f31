// "This device": the client ID and name this machine registers with on rportd (what its connection
// request says, docs/protocol.md §3.2–§3.3), and where each came from.
import { CLIENT_ID_SOURCE, CLIENT_NAME_SOURCE } from '../labels/device-identity';
import type { EngineStatus } from '../store/data-types';

export function DeviceCard({ engine }: { engine: EngineStatus | null }) {
  const identity = engine?.identity ?? null;
  const connected = engine?.state === 'connected';
  return (
    <div className="card" data-testid="this-device">
      <h2>This device</h2>
      {identity ? (
        <>
          <dl className="facts">
            <div>
              <dt>Client ID</dt>
              <dd className="mono wrap" data-testid="device-client-id">
                {identity.clientId || '—'}
              </dd>
            </div>
            <div>
              <dt>Name</dt>
              <dd className="wrap" data-testid="device-name">
                {identity.name || '—'}
              </dd>
            </div>
          </dl>
          <p className="muted small">
            {connected ? 'Registered on the server as above' : 'Introduces itself to the server as above'}: ID{' '}
            {CLIENT_ID_SOURCE[identity.idSource]}, name {CLIENT_NAME_SOURCE[identity.nameSource]}.
          </p>
        </>
      ) : (
        <p className="muted">Shown once the client has logged in to the server.</p>
      )}
    </div>
  );
}
