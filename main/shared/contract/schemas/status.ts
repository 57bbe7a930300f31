// The engine and the app as the window shows them: the state word, servers, tunnels, the watchdog, the
// timeline and latency. Checked against the engine's own types with `satisfies`, so they cannot drift apart.
import { z } from 'zod';
import type { ClientIdentity, EngineStatus, ServerRef, ServerStatus, TunnelInfo } from '../../types/engine-types';
import { epochMs } from './epoch-ms';
import { serviceWatchViewSchema } from './service-watch';

export const engineStateSchema = z.enum(['initialized', 'connected', 'reconnecting', 'paused', 'stopped', 'failed']);
export type EngineStateName = z.infer<typeof engineStateSchema>;

export const serverRefSchema = z.object({
  index: z.number().int().min(0),
  url: z.string(),
  role: z.enum(['primary', 'fallback']),
}) satisfies z.ZodType<ServerRef>;

export const serverStatusSchema = serverRefSchema.extend({
  lastResult: z.enum(['ok', 'error']).nullable(),
  lastError: z.string().nullable(),
  lastTriedAt: epochMs.nullable(),
  lastLatencyMs: z.number().nonnegative().nullable(),
  lastFailure: z.enum(['auth', 'fingerprint', 'other']).nullable().optional(),
  lastDialMs: z.number().nonnegative().nullable().optional(),
  lastPingMs: z.number().nonnegative().nullable().optional(),
}) satisfies z.ZodType<ServerStatus>;

export const clientIdentitySchema = z.object({
  clientId: z.string(),
  idSource: z.enum(['config', 'machine-id', 'server']),
  name: z.string(),
  nameSource: z.enum(['config', 'hostname', 'none']),
}) satisfies z.ZodType<ClientIdentity>;

export const engineStatusSchema = z.object({
  state: engineStateSchema,
  message: z.string(),
  server: serverRefSchema.nullable(),
  servers: z.array(serverStatusSchema),
  connectedSince: epochMs.nullable(),
  lastPingMs: z.number().nonnegative().nullable(),
  retryInMs: z.number().nonnegative().nullable(),
  attempt: z.number().int().min(0),
  switchbackAt: epochMs.nullable(),
  lastError: z.string().nullable(),
  remoteCommandsBlocked: z.boolean(),
  dataDirProblem: z.string().nullable().optional(),
  /** `http://proxy:3128 (from HTTPS_PROXY)`; null: direct. Never holds credentials. */
  proxy: z.string().nullable().optional(),
  identity: clientIdentitySchema.nullable().optional(),
}) satisfies z.ZodType<EngineStatus>;

export const tunnelInfoSchema = z.object({
  id: z.string(),
  protocol: z.enum(['tcp', 'udp']),
  target: z.string(),
  openedAt: epochMs,
  closedAt: epochMs.nullable(),
  bytesIn: z.number().nonnegative(),
  bytesOut: z.number().nonnegative(),
  closeReason: z.string().nullable(),
  // Added by the app core (the engine does not send them): when it last heard of the tunnel, and the bytes
  // per second each way since the report before (null until there are two reports).
  updatedAt: epochMs.optional(),
  rateIn: z.number().nonnegative().nullable().optional(),
  rateOut: z.number().nonnegative().nullable().optional(),
}) satisfies z.ZodType<TunnelInfo>;
export type TunnelView = z.infer<typeof tunnelInfoSchema>;

export const supervisorViewSchema = z.object({
  phase: z.enum(['starting', 'running', 'restarting', 'failed', 'stopping', 'stopped']),
  failedReason: z.string().nullable(),
  /** While restarting: epoch ms of the next worker start. */
  nextRestartAt: epochMs.nullable(),
  /** Watchdog restarts since the app started. */
  restartCount: z.number().int().min(0),
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
  line: z.number().int().min(1).nullable(),
  /** How many errors the file has. */
  errorCount: z.number().int().min(1),
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
  serverIndex: z.number().int().min(0),
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
  engine: engineStatusSchema.nullable(),
  supervisor: supervisorViewSchema,
  /** Epoch ms of the engine's last real progress (connect, ping, retry): the "last update" age. */
  lastUpdateAt: epochMs.nullable(),
  /** No usable config yet: the window shows the first-start setup. */
  setupNeeded: z.boolean(),
  configPath: z.string(),
  /** The config on disk has errors (the engine keeps its last good config); null when it is fine. */
  configIssue: configIssueSchema.nullable(),
  // Optional only so that fixtures written before them still type-check; the app core always sets them.
  /** While reconnecting and waiting out the back-off: epoch ms of the next attempt; null otherwise. */
  nextRetryAt: epochMs.nullable().optional(),
  /** Why connecting keeps failing, when the user must fix it (credentials, fingerprint); null otherwise. */
  problem: connectionProblemSchema.nullable().optional(),
  /** The user's "Block remote commands" (window, tray): kept across engine runs, also with no engine. */
  remoteCommandsBlocked: z.boolean().optional(),
  /** Set when the app follows the rport service on this machine instead of its own engine (issue 17). */
  service: serviceWatchViewSchema.optional(),
});
export type AppStatus = z.infer<typeof appStatusSchema>;

export const timelineEntrySchema = z.object({
  id: z.number().int().min(0),
  at: epochMs,
  kind: z.enum(['state', 'server', 'restart', 'failed', 'config', 'user']),
  /** The state entered, for `state` entries. */
  state: engineStateSchema.nullable(),
  text: z.string(),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const latencySampleSchema = z.object({
  at: epochMs,
  ms: z.number().nonnegative(),
  serverIndex: z.number().int().min(0).nullable(),
});
export type LatencySample = z.infer<typeof latencySampleSchema>;

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  mode: z.enum(['electron', 'headless']),
});
export type AppInfo = z.infer<typeof appInfoSchema>;
