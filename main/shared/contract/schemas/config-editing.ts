// The config editor: the raw text with its problems, and the common keys as a form. The form is
// described as data (key, TOML key, kind) so the window and the main side agree on it; what the window
// calls each field and the help under it live in the renderer (renderer/src/labels/config-fields.ts).
//
// Nothing here holds a secret: the text the window sees has its passwords masked, and the form only says
// whether a password is set. A password travels one way only (window → main) when typed.
import * as z from '../zod-mini';
import type { ConfigProblem } from '../../types/config-types';

/** Longest config text accepted from the window (a real rport.conf is a few KiB). */
export const MAX_CONFIG_TEXT_BYTES = 1024 * 1024;

/** A config text sent by the window: bytes counted as UTF-8, as it is written to disk. */
export const configTextSchema = z
  .string()
  .check(z.refine((s) => new TextEncoder().encode(s).length <= MAX_CONFIG_TEXT_BYTES, 'the config text is too large'));

export const configProblemSchema = z.object({
  severity: z.enum(['error', 'warning']),
  file: z.string(),
  line: z.nullable(z.int().check(z.minimum(1))),
  key: z.string(),
  message: z.string(),
}) satisfies z.ZodMiniType<ConfigProblem>;

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
  'connection.max_retry_count': z.int(),
  'connection.watchdog_integration': z.boolean(),
  'logging.log_level': z.enum(['error', 'info', 'debug']),
  'logging.log_file': z.string(),
  'remote-commands.enabled': z.boolean(),
  'remote-scripts.enabled': z.boolean(),
  'monitoring.enabled': z.boolean(),
  'file-reception.enabled': z.boolean(),
  'watchdog.restart_burst': z.int(),
  'watchdog.restart_interval': z.string(),
  'watchdog.restart_backoff_min': z.string(),
  'watchdog.restart_backoff_max': z.string(),
});
export type ConfigForm = z.infer<typeof configFormSchema>;
export type ConfigFieldKey = keyof ConfigForm;

// The form's fields as data (no zod), so the main side can use them without loading the schemas.
export { CONFIG_FORM_FIELDS, type ConfigFieldKind, type ConfigFieldSpec } from '../config-form-fields';

/**
 * What saving this text would do to the running engine: `none` (nothing it uses changed: comments, layout,
 * a value written another way), `live` (applied while connected: log level, remote-command, script and
 * file-reception rules, monitoring, …), `reconnect` (a new connection, which cuts the open tunnel streams;
 * the window counts those from its live tunnel list). `keys`: the changed keys (`reconnect`: those that
 * need the new connection). Absent when no engine runs (the save then starts one).
 */
export const saveEffectSchema = z.object({
  kind: z.enum(['none', 'live', 'reconnect']),
  keys: z.array(z.string()),
});
export type SaveEffect = z.infer<typeof saveEffectSchema>;

/** A config text as the window sees it: secrets masked, with its problems and form values. */
export const configDraftSchema = z.object({
  text: z.string(),
  problems: z.array(configProblemSchema),
  /** The form values, or null when the text does not parse as TOML. */
  form: z.nullable(configFormSchema),
  hasPassword: z.boolean(),
  /** `auth = "id:"`: the password is kept in the OS keychain; a password typed in the form goes there too. */
  passwordInKeychain: z.boolean(),
  /** What a save would do to the running engine; absent when it cannot say (errors, no engine). */
  saveEffect: z.optional(saveEffectSchema),
});
export type ConfigDraft = z.infer<typeof configDraftSchema>;

export const configDocumentSchema = z.extend(configDraftSchema, {
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
  document: z.nullable(configDocumentSchema),
  restarted: z.boolean(),
  /** How the saved config reached the engine: restarted with it, applied while connected, or nothing to do. */
  applied: z.optional(z.enum(['restarted', 'live', 'unchanged'])),
});
export type SaveOutcome = z.infer<typeof saveOutcomeSchema>;
