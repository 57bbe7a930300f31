// The window talks to the app through one ContractClient: the preload's bridge inside Electron, the
// WebSocket client when served by the headless web UI. Both check every reply and event against the
// contract before the window sees it (preload/preload.ts, ws-client.ts), so nothing is checked twice here.
import type { ContractClient } from '../../../main/shared/contract';
import { createWsClient, defaultWsUrl, type LinkState } from './ws-client';

export function pickClient(onLinkState: (state: LinkState, detail: string | null) => void): ContractClient {
  const bridge = window.rportTray;
  if (bridge) {
    onLinkState('open', null);
    return bridge;
  }
  return createWsClient({ url: defaultWsUrl(window.location), onLinkState });
}
