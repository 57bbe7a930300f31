// The engine and the app as the window shows them: the state word, servers, tunnels, the watchdog, the
// timeline and latency. Checked against the engine's own types with `satisfies`, so they cannot drift apart.
import * as z from '../zod-mini';
import type { ClientIdentity, EngineStatus, ServerRef, ServerStatus, TunnelInfo } from '../../types/engine-types';
import { epochMs } from './epoch-ms';
import { serviceWatchViewSchema } from './service-watch';

export const engineStateSchema = z.enum(['initialized', 'connected', 'reconnecting', 'paused', 'stopped', 'failed']);
export type EngineStateName = z.infer<typeof engineStateSchema>;

export const serverRefSchema = z.object({
  index: z.int().check(z.minimum(0)),
  url: z.string(),
  role: z.enum(['primary', 'fallback']),
}) satisfies z.ZodMiniType<ServerRef>;

export const serverStatusSchema = z.extend(serverRefSchema, {
  lastResult: z.nullable(z.enum(['ok', 'error'])),
  lastError: z.nullable(z.string()),
  lastTriedAt: z.nullable(epochMs),
  lastLatencyMs: z.nullable(z.number().check(z.nonnegative())),
  lastFailure: z.optional(z.nullable(z.enum(['auth', 'fingerprint', 'other']))),
  lastDialMs: z.optional(z.nullable(z.number().check(z.nonnegative()))),
  lastPingMs: z.optional(z.nullable(z.number().check(z.nonnegative()))),
}) satisfies z.ZodMiniType<ServerStatus>;

export const clientIdentitySchema = z.object({
  clientId: z.string(),
  idSource: z.enum(['config', 'machine-id', 'server']),
  name: z.string(),
  nameSource: z.enum(['config', 'hostname', 'none']),
}) satisfies z.ZodMiniType<ClientIdentity>;

export const engineStatusSchema = z.object({
  state: engineStateSchema,
  message: z.string(),
  server: z.nullable(serverRefSchema),
  servers: z.array(serverStatusSchema),
  connectedSince: z.nullable(epochMs),
  lastPingMs: z.nullable(z.number().check(z.nonnegative())),
  retryInMs: z.nullable(z.number().check(z.nonnegative())),
  attempt: z.int().check(z.minimum(0)),
  switchbackAt: z.nullable(epochMs),
  lastError: z.nullable(z.string()),
  remoteCommandsBlocked: z.boolean(),
  dataDirProblem: z.optional(z.nullable(z.string())),
  /** `http://proxy:3128 (from HTTPS_PROXY)`; null: direct. Never holds credentials. */
  proxy: z.optional(z.nullable(z.string())),
  identity: z.optional(z.nullable(clientIdentitySchema)),
}) satisfies z.ZodMiniType<EngineStatus>;

export const tunnelInfoSchema = z.object({
  id: z.string(),
  protocol: z.enum(['tcp', 'udp']),
  target: z.string(),
  openedAt: epochMs,
  closedAt: z.nullable(epochMs),
  bytesIn: z.number().check(z.nonnegative()),
  bytesOut: z.number().check(z.nonnegative()),
  closeReason: z.nullable(z.string()),
  // Added by the app core (the engine does not send them): when it last heard of the tunnel, and the bytes
  // per second each way since the report before (null until there are two reports).
  updatedAt: z.optional(epochMs),
  rateIn: z.optional(z.nullable(z.number().check(z.nonnegative()))),
  rateOut: z.optional(z.nullable(z.number().check(z.nonnegative()))),
}) satisfies z.ZodMiniType<TunnelInfo>;
export type TunnelView = z.infer<typeof tunnelInfoSchema>;

export const supervisorViewSchema = z.object({
  phase: z.enum(['starting', 'running', 'restarting', 'failed', 'stopping', 'stopped']),
  failedReason: z.nullable(z.string()),
  /** While restarting: epoch ms of the next worker start. */
  nextRestartAt: z.nullable(epochMs),
  /** Watchdog restarts since the app started. */
  restartCount: z.int().check(z.minimum(0)),
});
export type SupervisorView = z.infer<typeof supervisorViewSchema>;

/**
 * The config file on disk changed and does not validate: the last good config keeps running. Shown as a
 * banner in the window and (Electron, `configProblems` preference) as a notification.
 */
export const configIssueSchema = z.object({
  /** The first error, as `line N: key: message`. */
  message: z.string(),
  file: z.string(),
  line: z.nullable(z.int().check(z.minimum(1))),
  /** How many errors the file has. */
  errorCount: z.int().check(z.minimum(1)),
  at: epochMs,
});
export type ConfigIssue = z.infer<typeof configIssueSchema>;

/**
 * Something the user must fix while the engine keeps retrying as the config says: the server refused the
 * credentials (`auth`, a wrong password or auth ID) or presented a key that does not match `fingerprint`.
 * The state word stays the engine's (`reconnecting`); this says why it does not get anywhere.
 */
export const connectionProblemSchema = z.object({
  kind: z.enum(['auth', 'fingerprint']),
  serverIndex: z.int().check(z.minimum(0)),
  serverUrl: z.string(),
  /** The engine's text for it, e.g. `Authentication failed` or `invalid fingerprint (aa:bb:…)`. */
  message: z.string(),
});
export type ConnectionProblem = z.infer<typeof connectionProblemSchema>;

/** What the window shows at the top: one state word plus the details behind it. */
export const appStatusSchema = z.object({
  /** The state word (the `engine-state` test hook); `failed` when the watchdog gave up. */
  state: engineStateSchema,
  message: z.string(),
  /** The engine's last report; null before the first one and during setup. */
  engine: z.nullable(engineStatusSchema),
  supervisor: supervisorViewSchema,
  /** Epoch ms of the engine's last real progress (connect, ping, retry): the "last update" age. */
  lastUpdateAt: z.nullable(epochMs),
  /** No usable config yet: the window shows the first-start setup. */
  setupNeeded: z.boolean(),
  configPath: z.string(),
  /** The config on disk has errors (the engine keeps its last good config); null when it is fine. */
  configIssue: z.nullable(configIssueSchema),
  // Optional only so that fixtures written before them still type-check; the app core always sets them.
  /** While reconnecting and waiting out the back-off: epoch ms of the next attempt; null otherwise. */
  nextRetryAt: z.optional(z.nullable(epochMs)),
  /** Why connecting keeps failing, when the user must fix it (credentials, fingerprint); null otherwise. */
  problem: z.optional(z.nullable(connectionProblemSchema)),
  /** The user's "Block remote commands" (window, tray): kept across engine runs, also with no engine. */
  remoteCommandsBlocked: z.optional(z.boolean()),
  /** Set when the app follows the rport service on this machine instead of its own engine (issue 17). */
  service: z.optional(serviceWatchViewSchema),
});
export type AppStatus = z.infer<typeof appStatusSchema>;

export const timelineEntrySchema = z.object({
  id: z.int().check(z.minimum(0)),
  at: epochMs,
  kind: z.enum(['state', 'server', 'restart', 'failed', 'config', 'user']),
  /** The state entered, for `state` entries. */
  state: z.nullable(engineStateSchema),
  text: z.string(),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const latencySampleSchema = z.object({
  at: epochMs,
  ms: z.number().check(z.nonnegative()),
  serverIndex: z.nullable(z.int().check(z.minimum(0))),
});
export type LatencySample = z.infer<typeof latencySampleSchema>;

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  mode: z.enum(['electron', 'headless']),
});
export type AppInfo = z.infer<typeof appInfoSchema>;
