// The window talks to the app through one ContractClient: the preload's bridge inside Electron, the
// WebSocket client when served by the headless web UI.
import { parseEventMessage, type ContractClient } from '../../../preload/contract';
import { createWsClient, defaultWsUrl, type LinkState } from './ws-client';

export function pickClient(onLinkState: (state: LinkState, detail: string | null) => void): ContractClient {
  const bridge = window.rportTray;
  if (bridge) {
    onLinkState('open', null);
    return validatingBridge(bridge);
  }
  return createWsClient({ url: defaultWsUrl(window.location), onLinkState });
}

/** The bridge's events are checked like the WebSocket's, so a mismatch shows up as a warning, not a crash. */
function validatingBridge(bridge: ContractClient): ContractClient {
  return {
    ...bridge,
    onEvent(listener) {
      return bridge.onEvent((message) => {
        const parsed = parseEventMessage(message);
        if (parsed.ok) listener(parsed.value);
        else console.warn(parsed.error.message);
      });
    },
  };
}
