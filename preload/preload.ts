// The preload: exposes exactly `window.rportTray` (the contract's RportTrayBridge), one method per
// request and one event subscription. The renderer never sees ipcRenderer or a generic invoke; every
// reply and event is checked against the contract before it reaches the page.
// Runs sandboxed: the bundle must not require anything but `electron` (zod is bundled in).

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  BRIDGE_GLOBAL_NAME,
  CONTRACT_VERSION,
  EVENT_CHANNEL,
  REQUEST_NAMES,
  parseEventMessage,
  parseOutcome,
  requestChannel,
  type ContractRequests,
  type EventMessage,
  type RequestName,
  type RportTrayBridge,
} from '../main/shared/contract';

function requestMethod(name: RequestName) {
  return async (params?: unknown) => {
    try {
      return parseOutcome(name, await ipcRenderer.invoke(requestChannel(name), params));
    } catch (error) {
      // invoke rejects only when main has no handler (e.g. during shutdown): still an outcome, not a throw.
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false as const, error: { code: 'unavailable' as const, message } };
    }
  };
}

export function createBridge(): RportTrayBridge {
  const requests = Object.fromEntries(REQUEST_NAMES.map((name) => [name, requestMethod(name)])) as ContractRequests;
  return {
    ...requests,
    contractVersion: CONTRACT_VERSION,
    onEvent(listener: (message: EventMessage) => void) {
      const handler = (_event: IpcRendererEvent, message: unknown) => {
        const parsed = parseEventMessage(message);
        if (parsed.ok) listener(parsed.value);
        else console.error(`rport-tray: dropped an event: ${parsed.error.message}`);
      };
      ipcRenderer.on(EVENT_CHANNEL, handler);
      return () => {
        ipcRenderer.removeListener(EVENT_CHANNEL, handler);
      };
    },
  };
}

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL_NAME, createBridge());
