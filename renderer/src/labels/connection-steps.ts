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

/** How each step's mark reads to a screen reader (the ✓ ✗ – marks are hidden from it). */
export const STEP_STATUS_LABELS: Record<'ok' | 'failed' | 'skipped', string> = {
  ok: 'passed',
  failed: 'failed',
  skipped: 'not tried',
};

/** Steps whose failure means the server cannot be reached now, not that the config is wrong. */
export const UNREACHABLE_STEPS: readonly ConnectionStep[] = ['dns', 'tcp', 'proxy', 'websocket'];
