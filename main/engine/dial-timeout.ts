// How long one dial may take, in a module of its own: the supervisor's watchdog deadline is built from
// it (engine-timings.ts), and importing it from dial.ts would load the whole dialer (ws, TLS, proxies)
// into the supervisor process (README "Memory").

/**
 * How long one dial (TCP + TLS + WebSocket upgrade + SSH handshake + auth) may take. The Go client waits
 * up to 5 min for the WebSocket handshake alone; a desktop client that must fail over to a fallback
 * should give up much sooner. The supervisor's watchdog deadline while reconnecting is built from it.
 */
export const DEFAULT_DIAL_TIMEOUT_MS = 30_000;
