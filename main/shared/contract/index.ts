// The UI contract, defined once: the requests the window sends to the main side (typed params and
// results), the events the main side pushes, and the errors that cross as data. Both transports use it:
// Electron IPC (preload/preload.ts exposes `window.rportTray`) and the headless WebSocket bridge
// (main/ui-bridge/, framing in main/ui-bridge/ws-protocol.ts). The main side validates every incoming
// message with these schemas; the renderer validates what it receives too, so a bug on either side shows
// up as a clear error, not a broken view.
//
// Split by concern; this file only re-exports, so `import … from '…/shared/contract'` is the one way in.
// What the window calls things (labels, help texts) lives in the renderer, not here.
export * from './version';
export * from './schemas/status';
export * from './schemas/logs-activity';
export * from './schemas/settings';
export * from './schemas/snapshot';
export * from './schemas/config-editing';
export * from './schemas/setup';
export * from './schemas/import';
export * from './schemas/diagnostics';
export * from './schemas/service-watch';
export * from './errors';
export * from './requests';
export * from './events';
export * from './validation';
export * from './client';
export * from './people-durations';
export * from './ipc-channels';
/** What stands for a hidden secret in every text the window gets; the form shows it for a kept password. */
export { SECRET_MASK } from '../secrets/secret-mask';
