// The client interface the renderer talks to: `window.rportTray` in Electron (the preload's bridge), the
// WebSocket client headless. One method per request (no generic invoke), plus an event subscription.
import type { RequestOutcome } from './errors';
import type { EventMessage } from './events';
import type { ParamsArgs, RequestName, RequestResult } from './requests';

export type ContractRequests = {
  [N in RequestName]: (...args: ParamsArgs<N>) => Promise<RequestOutcome<RequestResult<N>>>;
};

export interface ContractClient extends ContractRequests {
  readonly contractVersion: number;
  /** Returns the unsubscribe function. */
  onEvent(listener: (message: EventMessage) => void): () => void;
}

/** The exact shape the preload exposes as `window.rportTray` (contextBridge). */
export type RportTrayBridge = ContractClient;
export const BRIDGE_GLOBAL_NAME = 'rportTray';
