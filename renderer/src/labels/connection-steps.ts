// What the setup view calls each step of the connection test (the contract names them by id).
import type { ConnectionStep } from '../../../main/shared/contract';

export const CONNECTION_STEP_LABELS: Record<ConnectionStep, string> = {
  dns: 'Name lookup',
  tcp: 'TCP connection',
  proxy: 'Proxy tunnel',
  websocket: 'WebSocket upgrade',
  ssh: 'SSH handshake',
  fingerprint: 'Server fingerprint',
  auth: 'Authentication',
};
