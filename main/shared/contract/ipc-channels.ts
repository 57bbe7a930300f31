// The Electron transport's channel names, shared by the preload (invoke, on) and main/electron (handle,
// send): one `ipcMain.handle` per request, one channel for events.
import type { RequestName } from './requests';

export const requestChannel = (name: RequestName): string => `rport-tray:request:${name}`;
export const EVENT_CHANNEL = 'rport-tray:event';
