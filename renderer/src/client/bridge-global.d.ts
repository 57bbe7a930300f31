// `window.rportTray`: the Electron preload's bridge (absent in a plain browser, where the WebSocket
// client is used instead).
import type { RportTrayBridge } from '../../../main/shared/contract';

declare global {
  interface Window {
    rportTray?: RportTrayBridge;
  }
}
