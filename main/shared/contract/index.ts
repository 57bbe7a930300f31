// The UI contract, defined once: the requests the window sends to the main side (typed params and
// results), the events the main side pushes, and the errors that cross as data. Both transports use it:
// Electron IPC (preload/preload.ts exposes `window.rportTray`) and the headless WebSocket bridge
// (main/ui-bridge/). The main side validates every incoming message with these schemas; the renderer
// validates what it receives too, so a bug on either side shows up as a clear error, not a broken view.
//
// Nothing here holds a secret: the config text the window sees has its passwords masked, and the form
// only says whether a password is set. Passwords travel one way only (window → main) when typed.

import { z } from 'zod';
import type { EngineStatus, LogLine, RemoteActivity, ServerRef, ServerStatus, TunnelInfo } from '../types/engine-types';
import type { ConfigProblem } from '../types/config-types';

export const CONTRACT_VERSION = 1;

/** Longest config text accepted from the window (a real rport.conf is a few KiB). */
export const MAX_CONFIG_TEXT_BYTES = 1024 * 1024;

// ---------------------------------------------------------------------------------------------------
// Data shapes (checked against the engine's own types with `satisfies`, so they cannot drift apart)

export const engineStateSchema = z.enum(['initialized', 'connected', 'reconnecting', 'paused', 'stopped', 'failed']);
export type EngineStateName = z.infer<typeof engineStateSchema>;

const epochMs = z.number().nonnegative();

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
}) satisfies z.ZodType<ServerStatus>;

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
}) satisfies z.ZodType<TunnelInfo>;

export const logLevelSchema = z.enum(['error', 'warn', 'info', 'debug']);
export type LogLevel = z.infer<typeof logLevelSchema>;

export const logLineSchema = z.object({
  at: epochMs,
  level: logLevelSchema,
  source: z.string(),
  message: z.string(),
}) satisfies z.ZodType<LogLine>;

export const remoteActivitySchema = z.object({
  id: z.string(),
  kind: z.enum(['command', 'script', 'upload']),
  at: epochMs,
  summary: z.string(),
  outcome: z.enum(['refused', 'running', 'successful', 'failed', 'unknown', 'ignored']),
  detail: z.string().nullable(),
}) satisfies z.ZodType<RemoteActivity>;

export const configProblemSchema = z.object({
  severity: z.enum(['error', 'warning']),
  file: z.string(),
  line: z.number().int().min(1).nullable(),
  key: z.string(),
  message: z.string(),
}) satisfies z.ZodType<ConfigProblem>;

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

// ---------------------------------------------------------------------------------------------------
// Settings: the app preferences the window edits, what this mode of the app can do, and where the
// client password is kept

export const themeSchema = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof themeSchema>;
export const iconStyleSchema = z.enum(['color', 'monochrome']);

const notificationPreferencesSchema = z.object({
  /** Connected, lost, failover, switchback, watchdog restarts, failed. */
  connection: z.boolean(),
  /** A remote command, script or upload. */
  remoteActivity: z.boolean(),
  /** The config on disk became invalid. */
  configProblems: z.boolean(),
});

/** The preferences the Settings view shows (the rest, e.g. window bounds, are the app's own business). */
export const windowPreferencesSchema = z.object({
  autoStart: z.boolean(),
  startHidden: z.boolean(),
  notifications: notificationPreferencesSchema,
  iconStyle: iconStyleSchema,
  theme: themeSchema,
  /** Desktop: dial through the OS's proxy (PAC included) when rport.conf names none. */
  useSystemProxy: z.boolean(),
});
export type WindowPreferences = z.infer<typeof windowPreferencesSchema>;

/** A change from the window: any subset, nested notifications too; unknown keys are refused. */
export const preferencesPatchSchema = z.strictObject({
  autoStart: z.boolean().optional(),
  startHidden: z.boolean().optional(),
  notifications: z
    .strictObject({
      connection: z.boolean().optional(),
      remoteActivity: z.boolean().optional(),
      configProblems: z.boolean().optional(),
    })
    .optional(),
  iconStyle: iconStyleSchema.optional(),
  theme: themeSchema.optional(),
  useSystemProxy: z.boolean().optional(),
});
export type PreferencesPatch = z.infer<typeof preferencesPatchSchema>;

/** Whether a feature works in this run of the app, and if not, one line saying why (shown in the window). */
export const capabilitySchema = z.object({ available: z.boolean(), reason: z.string().nullable() });
export type Capability = z.infer<typeof capabilitySchema>;

export const capabilitiesSchema = z.object({
  /** Start at login (a login item / XDG autostart entry). */
  autoStart: capabilitySchema,
  /** Start in the tray without opening the window. */
  startHidden: capabilitySchema,
  /** Desktop notifications. */
  notifications: capabilitySchema,
  /** A tray icon (and so its style). */
  trayIcon: capabilitySchema,
  /** The OS keychain for the client password (Electron safeStorage; never Linux's basic_text). */
  keychain: capabilitySchema,
  /** Native open and save dialogs (the headless window types paths instead). */
  fileDialogs: capabilitySchema,
  /** The OS's proxy settings (Electron resolves them; a headless run reads *_PROXY instead). */
  systemProxy: capabilitySchema,
});
export type Capabilities = z.infer<typeof capabilitiesSchema>;
export type CapabilityName = keyof Capabilities;

/** Where the client password is: in rport.conf, in the OS keychain (`auth = "id:"`), or nowhere yet. */
export const passwordStorageSchema = z.enum(['file', 'keychain', 'none']);
export type PasswordStorage = z.infer<typeof passwordStorageSchema>;

export const settingsSchema = z.object({
  preferences: windowPreferencesSchema,
  capabilities: capabilitiesSchema,
  passwordStorage: passwordStorageSchema,
});
export type Settings = z.infer<typeof settingsSchema>;

/** Everything the window needs on load; later changes arrive as events with a higher `seq`. */
export const snapshotSchema = z.object({
  contractVersion: z.number().int(),
  /** The `seq` of the last event already folded into this snapshot. */
  seq: z.number().int().min(0),
  app: appInfoSchema,
  status: appStatusSchema,
  tunnels: z.array(tunnelInfoSchema),
  logs: z.array(logLineSchema),
  activity: z.array(remoteActivitySchema),
  timeline: z.array(timelineEntrySchema),
  latency: z.array(latencySampleSchema),
  settings: settingsSchema,
});
export type Snapshot = z.infer<typeof snapshotSchema>;

// ---------------------------------------------------------------------------------------------------
// Config editor: the common keys as a form, described as data so the window and the main side agree

export type ConfigFieldKind = 'text' | 'list' | 'duration' | 'integer' | 'boolean' | 'log-level' | 'password';

export interface ConfigFieldSpec {
  /** Dotted TOML key (as in problems and locked keys); `auth.id`/`auth.password` are the two halves of `client.auth`. */
  key: ConfigFieldKey;
  /** The TOML key the field is stored in (problems and locks on it apply to the field). */
  tomlKey: string;
  label: string;
  kind: ConfigFieldKind;
  group: 'Server' | 'Identity' | 'Connection' | 'Features' | 'Logging';
  help: string;
}

export const configFormSchema = z.strictObject({
  'client.server': z.string(),
  'client.fallback_servers': z.array(z.string()),
  'client.server_switchback_interval': z.string(),
  'client.fingerprint': z.string(),
  'auth.id': z.string(),
  /** Write-only: always '' from main; a non-empty value sets a new password. */
  'auth.password': z.string(),
  'client.proxy': z.string(),
  'client.id': z.string(),
  'client.name': z.string(),
  'client.tags': z.array(z.string()),
  'client.remotes': z.array(z.string()),
  'client.data_dir': z.string(),
  'connection.keep_alive': z.string(),
  'connection.keep_alive_timeout': z.string(),
  'connection.max_retry_count': z.number().int(),
  'connection.watchdog_integration': z.boolean(),
  'logging.log_level': z.enum(['error', 'info', 'debug']),
  'logging.log_file': z.string(),
  'remote-commands.enabled': z.boolean(),
  'remote-scripts.enabled': z.boolean(),
  'monitoring.enabled': z.boolean(),
  'file-reception.enabled': z.boolean(),
});
export type ConfigForm = z.infer<typeof configFormSchema>;
export type ConfigFieldKey = keyof ConfigForm;

export const CONFIG_FORM_FIELDS: readonly ConfigFieldSpec[] = [
  f(
    'client.server',
    'client.server',
    'Server',
    'text',
    'Server',
    'rportd address: host:port or a ws:// or wss:// URL.',
  ),
  f(
    'client.fallback_servers',
    'client.fallback_servers',
    'Fallback servers',
    'list',
    'Server',
    'Tried in order when the server is unreachable; one per line.',
  ),
  f(
    'client.server_switchback_interval',
    'client.server_switchback_interval',
    'Switchback interval',
    'duration',
    'Server',
    'While on a fallback, how often to try the server again (e.g. 2m).',
  ),
  f(
    'client.fingerprint',
    'client.fingerprint',
    'Server fingerprint',
    'text',
    'Server',
    "The server key's fingerprint (or a prefix of it).",
  ),
  f('auth.id', 'client.auth', 'Client auth ID', 'text', 'Identity', 'The part of `auth` before the colon.'),
  f('auth.password', 'client.auth', 'Password', 'password', 'Identity', 'Leave empty to keep the current password.'),
  f('client.id', 'client.id', 'Client ID', 'text', 'Identity', 'Empty: the machine id is used.'),
  f('client.name', 'client.name', 'Client name', 'text', 'Identity', 'Empty: the hostname is used.'),
  f('client.tags', 'client.tags', 'Tags', 'list', 'Identity', 'One per line.'),
  f(
    'client.proxy',
    'client.proxy',
    'Proxy',
    'text',
    'Connection',
    'http://host:port or socks5://host:port; empty for none.',
  ),
  f(
    'connection.keep_alive',
    'connection.keep_alive',
    'Keep-alive',
    'duration',
    'Connection',
    'Ping interval (e.g. 3m); 0s disables.',
  ),
  f(
    'connection.keep_alive_timeout',
    'connection.keep_alive_timeout',
    'Keep-alive timeout',
    'duration',
    'Connection',
    'How long to wait for a ping reply (e.g. 30s).',
  ),
  f(
    'connection.max_retry_count',
    'connection.max_retry_count',
    'Max retries',
    'integer',
    'Connection',
    '-1 retries for ever.',
  ),
  f(
    'connection.watchdog_integration',
    'connection.watchdog_integration',
    'Write state.json',
    'boolean',
    'Connection',
    'For external watchdogs (systemd, scheduled task).',
  ),
  f(
    'client.remotes',
    'client.remotes',
    'Tunnels (remotes)',
    'list',
    'Features',
    'Tunnels requested on connect, e.g. 3389 or 0.0.0.0:2222:22.',
  ),
  f(
    'remote-commands.enabled',
    'remote-commands.enabled',
    'Remote commands',
    'boolean',
    'Features',
    'Let the server run commands on this machine.',
  ),
  f(
    'remote-scripts.enabled',
    'remote-scripts.enabled',
    'Remote scripts',
    'boolean',
    'Features',
    'Needs remote commands.',
  ),
  f(
    'monitoring.enabled',
    'monitoring.enabled',
    'Monitoring',
    'boolean',
    'Features',
    'Send CPU, memory and disk measurements.',
  ),
  f(
    'file-reception.enabled',
    'file-reception.enabled',
    'File reception',
    'boolean',
    'Features',
    'Accept files uploaded by the server.',
  ),
  f('client.data_dir', 'client.data_dir', 'Data folder', 'text', 'Logging', 'Holds state.json and received files.'),
  f('logging.log_level', 'logging.log_level', 'Log level', 'log-level', 'Logging', 'error, info or debug.'),
  f('logging.log_file', 'logging.log_file', 'Log file', 'text', 'Logging', 'Empty: standard output.'),
];

function f(
  key: ConfigFieldKey,
  tomlKey: string,
  label: string,
  kind: ConfigFieldKind,
  group: ConfigFieldSpec['group'],
  help: string,
): ConfigFieldSpec {
  return { key, tomlKey, label, kind, group, help };
}

/** A config text as the window sees it: secrets masked, with its problems and form values. */
export const configDraftSchema = z.object({
  text: z.string(),
  problems: z.array(configProblemSchema),
  /** The form values, or null when the text does not parse as TOML. */
  form: configFormSchema.nullable(),
  hasPassword: z.boolean(),
  /** `auth = "id:"`: the password is kept in the OS keychain; a password typed in the form goes there too. */
  passwordInKeychain: z.boolean(),
});
export type ConfigDraft = z.infer<typeof configDraftSchema>;

export const configDocumentSchema = configDraftSchema.extend({
  path: z.string(),
  exists: z.boolean(),
  /** Keys an administrator's policy pins; shown locked, changes refused. */
  lockedKeys: z.array(z.string()),
  /** A hash of the file on disk; a save based on an older revision is refused (the file changed). */
  revision: z.string(),
});
export type ConfigDocument = z.infer<typeof configDocumentSchema>;

export const saveOutcomeSchema = z.object({
  saved: z.boolean(),
  problems: z.array(configProblemSchema),
  /** The document after a successful save; null when nothing was saved. */
  document: configDocumentSchema.nullable(),
  restarted: z.boolean(),
});
export type SaveOutcome = z.infer<typeof saveOutcomeSchema>;

// ---------------------------------------------------------------------------------------------------
// First start and the connection test

/** `proxy` (the proxy's tunnel to the server) is reported only when the test went through a proxy. */
export const connectionStepSchema = z.enum(['dns', 'tcp', 'proxy', 'websocket', 'ssh', 'fingerprint', 'auth']);
export type ConnectionStep = z.infer<typeof connectionStepSchema>;
export const CONNECTION_STEP_LABELS: Record<ConnectionStep, string> = {
  dns: 'Name lookup',
  tcp: 'TCP connection',
  proxy: 'Proxy tunnel',
  websocket: 'WebSocket upgrade',
  ssh: 'SSH handshake',
  fingerprint: 'Server fingerprint',
  auth: 'Authentication',
};

export const setupInputSchema = z.strictObject({
  server: z.string().trim().min(1, 'the server address is required').max(2048),
  fallbackServers: z.array(z.string().trim().min(1).max(2048)).max(16),
  authId: z.string().trim().min(1, 'the client auth ID is required').max(512),
  password: z.string().min(1, 'the password is required').max(4096),
  fingerprint: z.string().trim().max(512),
});
export type SetupInput = z.infer<typeof setupInputSchema>;

export const connectionTestReportSchema = z.object({
  ok: z.boolean(),
  steps: z.array(
    z.object({
      step: connectionStepSchema,
      status: z.enum(['ok', 'failed', 'skipped']),
      detail: z.string(),
      durationMs: z.number().nonnegative().nullable(),
    }),
  ),
  failedStep: connectionStepSchema.nullable(),
  message: z.string(),
  /** The fingerprint the server presented, so the user can compare and pin it. */
  serverFingerprint: z.string().nullable(),
});
export type ConnectionTestReport = z.infer<typeof connectionTestReportSchema>;

export const setupOutcomeSchema = z.object({
  saved: z.boolean(),
  problems: z.array(configProblemSchema),
  report: connectionTestReportSchema.nullable(),
});
export type SetupOutcome = z.infer<typeof setupOutcomeSchema>;

// ---------------------------------------------------------------------------------------------------
// Importing an existing rport.conf (an installed Go client's, or any file the user picks)

const filePath = z.string().trim().min(1, 'the path is required').max(4096);

export const importCandidateSchema = z.object({
  path: z.string(),
  /** False when the file exists but this user cannot read it (a service's config is often root-only). */
  readable: z.boolean(),
});
export type ImportCandidate = z.infer<typeof importCandidateSchema>;

/** What importing a file would do, shown before anything is written. */
export const importPreviewSchema = z.object({
  path: z.string(),
  /** The file's problems, with lines as in that file. */
  problems: z.array(configProblemSchema),
  /** What the copy changes on the way (e.g. a service's data_dir removed). */
  notes: z.array(z.string()),
  /** False when the copy would have errors: nothing is imported then. */
  canImport: z.boolean(),
  /** Where the copy goes (the config file in use). */
  configPath: z.string(),
  /** True when a config exists there already: importing replaces it (it is kept as `backupPath`). */
  replaces: z.boolean(),
  backupPath: z.string(),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

export const importOutcomeSchema = z.object({
  imported: z.boolean(),
  problems: z.array(configProblemSchema),
  notes: z.array(z.string()),
  /** The previous config, kept by the atomic writer; null when there was none. */
  backupPath: z.string().nullable(),
});
export type ImportOutcome = z.infer<typeof importOutcomeSchema>;

export const diagnosticsExportSchema = z.object({
  fileName: z.string(),
  /** The zip, base64: a browser window offers it as a download (the desktop app uses saveDiagnostics). */
  base64: z.string(),
  bytes: z.number().int().min(0),
});
export type DiagnosticsExport = z.infer<typeof diagnosticsExportSchema>;

/** Electron: the zip written where the user chose in a save dialog (nothing crosses to the window). */
export const diagnosticsSaveSchema = z.object({
  /** False when the user cancelled the dialog. */
  saved: z.boolean(),
  path: z.string().nullable(),
  bytes: z.number().int().min(0),
});
export type DiagnosticsSave = z.infer<typeof diagnosticsSaveSchema>;

// ---------------------------------------------------------------------------------------------------
// Requests (window → main)

const noParams = z.strictObject({}).optional();
const done = z.null();

export const requestSchemas = {
  getSnapshot: { params: noParams, result: snapshotSchema },
  pause: { params: noParams, result: done },
  resume: { params: noParams, result: done },
  restartEngine: { params: noParams, result: done },
  /** After the watchdog gave up (`failed`): a fresh restart budget. */
  retry: { params: noParams, result: done },
  /** 0 = back to the primary. */
  switchServer: { params: z.strictObject({ index: z.number().int().min(0).max(255) }), result: done },
  getConfig: { params: noParams, result: configDocumentSchema },
  /** Live validation of an edited text (raw view). */
  checkConfig: { params: z.strictObject({ text: configText() }), result: configDraftSchema },
  /** Applies form changes to a text, keeping its comments; returns the new text, validated. */
  patchConfig: {
    params: z.strictObject({ text: configText(), changes: configFormSchema.partial() }),
    result: configDraftSchema,
  },
  /** Validates and saves (atomically, previous file kept), then restarts the engine with it. */
  saveConfig: {
    params: z.strictObject({ text: configText(), baseRevision: z.string().max(128).optional() }),
    result: saveOutcomeSchema,
  },
  /** The zip as base64, for the headless window's download. */
  exportDiagnostics: { params: noParams, result: diagnosticsExportSchema },
  /** Electron: asks where to save (native dialog) and writes the zip there, owner-only. */
  saveDiagnostics: { params: noParams, result: diagnosticsSaveSchema },
  testConnection: { params: setupInputSchema, result: connectionTestReportSchema },
  /** First start: tests the connection, writes the config and starts the engine. */
  completeSetup: {
    params: setupInputSchema.extend({
      skipTest: z.boolean().optional(),
      /** Keep the password in the OS keychain: the file gets `auth = "id:"`, never the password. */
      keepPasswordInKeychain: z.boolean().optional(),
    }),
    result: setupOutcomeSchema,
  },
  getPreferences: { params: noParams, result: settingsSchema },
  /** Validated, stored, and applied (login item, tray icon); returns the settings now in effect. */
  updatePreferences: { params: preferencesPatchSchema, result: settingsSchema },
  /** Moves the client password between rport.conf and the OS keychain. */
  setPasswordStorage: {
    params: z.strictObject({ storage: z.enum(['keychain', 'file']) }),
    result: settingsSchema,
  },
  /** The usual places of an installed Go client's config that exist here. */
  findImportCandidates: { params: noParams, result: z.object({ candidates: z.array(importCandidateSchema) }) },
  /** Electron: a native open-file dialog; null when cancelled. */
  chooseImportFile: { params: noParams, result: z.object({ path: z.string().nullable() }) },
  previewImport: { params: z.strictObject({ path: filePath }), result: importPreviewSchema },
  /** Copies the file to the config in use and starts the engine with it; an existing config is only
   *  replaced with `replaceExisting` (it is kept as a backup). */
  importConfig: {
    params: z.strictObject({ path: filePath, replaceExisting: z.boolean() }),
    result: importOutcomeSchema,
  },
} as const;

function configText() {
  return z
    .string()
    .refine((s) => new TextEncoder().encode(s).length <= MAX_CONFIG_TEXT_BYTES, 'the config text is too large');
}

export type RequestName = keyof typeof requestSchemas;
export const REQUEST_NAMES = Object.keys(requestSchemas) as RequestName[];
export type RequestParams<N extends RequestName> = z.input<(typeof requestSchemas)[N]['params']>;
export type ParsedParams<N extends RequestName> = z.output<(typeof requestSchemas)[N]['params']>;
export type RequestResult<N extends RequestName> = z.output<(typeof requestSchemas)[N]['result']>;

export const contractErrorSchema = z.object({
  code: z.enum(['invalid-request', 'invalid-state', 'conflict', 'unavailable', 'internal']),
  message: z.string(),
});
export type ContractError = z.infer<typeof contractErrorSchema>;
export type ContractErrorCode = ContractError['code'];

/** Errors cross as data (an Error object does not survive IPC or JSON). */
export type RequestOutcome<T> = { ok: true; value: T } | { ok: false; error: ContractError };

/** Zero arguments for requests without params, else one. */
export type ParamsArgs<N extends RequestName> =
  undefined extends RequestParams<N> ? [params?: RequestParams<N>] : [params: RequestParams<N>];

// ---------------------------------------------------------------------------------------------------
// Events (main → window)

export const contractEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status'), status: appStatusSchema }),
  z.object({ type: z.literal('tunnel'), tunnel: tunnelInfoSchema }),
  /** The whole list (e.g. after an engine restart closed every tunnel). */
  z.object({ type: z.literal('tunnels'), tunnels: z.array(tunnelInfoSchema) }),
  z.object({ type: z.literal('log'), line: logLineSchema }),
  z.object({ type: z.literal('activity'), activity: remoteActivitySchema }),
  z.object({ type: z.literal('timeline'), entry: timelineEntrySchema }),
  z.object({ type: z.literal('latency'), sample: latencySampleSchema }),
  /** The config file changed (saved from the window, setup, or elsewhere). */
  z.object({ type: z.literal('config-changed'), revision: z.string(), at: epochMs }),
  /** Preferences or the password's place changed (from the window, the tray, or a config change). */
  z.object({ type: z.literal('settings'), settings: settingsSchema }),
]);
export type ContractEvent = z.infer<typeof contractEventSchema>;
export type ContractEventType = ContractEvent['type'];

export const eventMessageSchema = z.object({ seq: z.number().int().min(1), event: contractEventSchema });
/** Events carry a sequence number so a window can drop those already folded into its snapshot. */
export type EventMessage = z.infer<typeof eventMessageSchema>;

// ---------------------------------------------------------------------------------------------------
// The client interface the renderer talks to: `window.rportTray` in Electron, the WebSocket client
// headless. One method per request (no generic invoke), plus an event subscription.

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

/** Electron IPC channels: one `ipcMain.handle` per request, one channel for events. */
export const requestChannel = (name: RequestName): string => `rport-tray:request:${name}`;
export const EVENT_CHANNEL = 'rport-tray:event';

// ---------------------------------------------------------------------------------------------------
// Validation helpers (used by the main side on every message, and by the clients on what they get)

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: ContractError };

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requestSchemas, name);
}

/** Checks a request's name and params; the error names the request and every bad field. */
export function parseRequest(
  name: unknown,
  params: unknown,
): { ok: true; name: RequestName; params: unknown } | { ok: false; error: ContractError } {
  if (!isRequestName(name)) {
    const shown = typeof name === 'string' ? JSON.stringify(name.slice(0, 64)) : typeof name;
    return { ok: false, error: { code: 'invalid-request', message: `unknown request ${shown}` } };
  }
  const parsed = requestSchemas[name].params.safeParse(params);
  if (!parsed.success) {
    return {
      ok: false,
      error: { code: 'invalid-request', message: `invalid params for ${name}: ${describeIssues(parsed.error)}` },
    };
  }
  return { ok: true, name, params: parsed.data };
}

/** Checks a result the main side produced (or a client received) against the request's schema. */
export function parseResult<N extends RequestName>(name: N, value: unknown): Parsed<RequestResult<N>> {
  const parsed = requestSchemas[name].result.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data as RequestResult<N> };
  return {
    ok: false,
    error: { code: 'internal', message: `invalid result for ${name}: ${describeIssues(parsed.error)}` },
  };
}

export function parseEventMessage(value: unknown): Parsed<EventMessage> {
  const parsed = eventMessageSchema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, error: { code: 'invalid-request', message: `invalid event: ${describeIssues(parsed.error)}` } };
}

const requestOutcomeSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: contractErrorSchema }),
]);

/** Checks an outcome as a client receives it; the value is then checked against the request's result. */
export function parseOutcome<N extends RequestName>(name: N, value: unknown): RequestOutcome<RequestResult<N>> {
  const outer = requestOutcomeSchema.safeParse(value);
  if (!outer.success) {
    return {
      ok: false,
      error: { code: 'internal', message: `invalid reply to ${name}: ${describeIssues(outer.error)}` },
    };
  }
  if (!outer.data.ok) return { ok: false, error: outer.data.error };
  return parseResult(name, outer.data.value);
}

/** `path.to.field: message` for each issue, at most five. */
export function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 5).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
    return `${where}: ${issue.message}`;
  });
  const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : '';
  return shown.join('; ') + more;
}

// ---------------------------------------------------------------------------------------------------
// The headless WebSocket protocol: JSON frames carrying the same requests, outcomes and events

/** Longest WebSocket frame either side accepts. */
export const MAX_WS_MESSAGE_BYTES = 2 * MAX_CONFIG_TEXT_BYTES + 64 * 1024;

export const wsClientMessageSchema = z.strictObject({
  kind: z.literal('request'),
  id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  name: z.string().max(64),
  params: z.unknown().optional(),
});
export type WsClientMessage = z.infer<typeof wsClientMessageSchema>;

export type WsServerMessage =
  | { kind: 'hello'; contractVersion: number }
  | { kind: 'response'; id: number | null; outcome: RequestOutcome<unknown> }
  | ({ kind: 'event' } & EventMessage);

export const wsServerMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('hello'), contractVersion: z.number().int() }),
  z.object({ kind: z.literal('response'), id: z.number().int().nullable(), outcome: z.unknown() }),
  z.object({ kind: z.literal('event'), seq: z.number().int().min(1), event: z.unknown() }),
]);

/** WebSocket path of the headless bridge. */
export const WS_PATH = '/ws';
