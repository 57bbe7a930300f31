// The config editor: the raw text with its problems, and the common keys as a form. The form is
// described as data (key, TOML key, kind) so the window and the main side agree on it; what the window
// calls each field and the help under it live in the renderer (renderer/src/labels/config-fields.ts).
//
// Nothing here holds a secret: the text the window sees has its passwords masked, and the form only says
// whether a password is set. A password travels one way only (window → main) when typed.
import { z } from 'zod';
import type { ConfigProblem } from '../../types/config-types';

/** Longest config text accepted from the window (a real rport.conf is a few KiB). */
export const MAX_CONFIG_TEXT_BYTES = 1024 * 1024;

/** A config text sent by the window: bytes counted as UTF-8, as it is written to disk. */
export const configTextSchema = z
  .string()
  .refine((s) => new TextEncoder().encode(s).length <= MAX_CONFIG_TEXT_BYTES, 'the config text is too large');

export const configProblemSchema = z.object({
  severity: z.enum(['error', 'warning']),
  file: z.string(),
  line: z.number().int().min(1).nullable(),
  key: z.string(),
  message: z.string(),
}) satisfies z.ZodType<ConfigProblem>;

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
  'watchdog.restart_burst': z.number().int(),
  'watchdog.restart_interval': z.string(),
  'watchdog.restart_backoff_min': z.string(),
  'watchdog.restart_backoff_max': z.string(),
});
export type ConfigForm = z.infer<typeof configFormSchema>;
export type ConfigFieldKey = keyof ConfigForm;

export type ConfigFieldKind = 'text' | 'list' | 'duration' | 'integer' | 'boolean' | 'log-level' | 'password';

export interface ConfigFieldSpec {
  /** Dotted TOML key (as in problems and locked keys); `auth.id`/`auth.password` are the two halves of `client.auth`. */
  readonly key: ConfigFieldKey;
  /** The TOML key the field is stored in (problems and locks on it apply to the field). */
  readonly tomlKey: string;
  /** Which input the window shows, and so which value type the form holds for it. */
  readonly kind: ConfigFieldKind;
}

/** Every form field once, in the form's order. */
export const CONFIG_FORM_FIELDS: readonly ConfigFieldSpec[] = [
  { key: 'client.server', tomlKey: 'client.server', kind: 'text' },
  { key: 'client.fallback_servers', tomlKey: 'client.fallback_servers', kind: 'list' },
  { key: 'client.server_switchback_interval', tomlKey: 'client.server_switchback_interval', kind: 'duration' },
  { key: 'client.fingerprint', tomlKey: 'client.fingerprint', kind: 'text' },
  { key: 'auth.id', tomlKey: 'client.auth', kind: 'text' },
  { key: 'auth.password', tomlKey: 'client.auth', kind: 'password' },
  { key: 'client.id', tomlKey: 'client.id', kind: 'text' },
  { key: 'client.name', tomlKey: 'client.name', kind: 'text' },
  { key: 'client.tags', tomlKey: 'client.tags', kind: 'list' },
  { key: 'client.proxy', tomlKey: 'client.proxy', kind: 'text' },
  { key: 'connection.keep_alive', tomlKey: 'connection.keep_alive', kind: 'duration' },
  { key: 'connection.keep_alive_timeout', tomlKey: 'connection.keep_alive_timeout', kind: 'duration' },
  { key: 'connection.max_retry_count', tomlKey: 'connection.max_retry_count', kind: 'integer' },
  { key: 'connection.watchdog_integration', tomlKey: 'connection.watchdog_integration', kind: 'boolean' },
  { key: 'client.remotes', tomlKey: 'client.remotes', kind: 'list' },
  { key: 'remote-commands.enabled', tomlKey: 'remote-commands.enabled', kind: 'boolean' },
  { key: 'remote-scripts.enabled', tomlKey: 'remote-scripts.enabled', kind: 'boolean' },
  { key: 'monitoring.enabled', tomlKey: 'monitoring.enabled', kind: 'boolean' },
  { key: 'file-reception.enabled', tomlKey: 'file-reception.enabled', kind: 'boolean' },
  { key: 'client.data_dir', tomlKey: 'client.data_dir', kind: 'text' },
  { key: 'logging.log_level', tomlKey: 'logging.log_level', kind: 'log-level' },
  { key: 'logging.log_file', tomlKey: 'logging.log_file', kind: 'text' },
  { key: 'watchdog.restart_burst', tomlKey: 'watchdog.restart_burst', kind: 'integer' },
  { key: 'watchdog.restart_interval', tomlKey: 'watchdog.restart_interval', kind: 'duration' },
  { key: 'watchdog.restart_backoff_min', tomlKey: 'watchdog.restart_backoff_min', kind: 'duration' },
  { key: 'watchdog.restart_backoff_max', tomlKey: 'watchdog.restart_backoff_max', kind: 'duration' },
];

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
  form: configFormSchema.nullable(),
  hasPassword: z.boolean(),
  /** `auth = "id:"`: the password is kept in the OS keychain; a password typed in the form goes there too. */
  passwordInKeychain: z.boolean(),
  /** What a save would do to the running engine; absent when it cannot say (errors, no engine). */
  saveEffect: saveEffectSchema.optional(),
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
  /** How the saved config reached the engine: restarted with it, applied while connected, or nothing to do. */
  applied: z.enum(['restarted', 'live', 'unchanged']).optional(),
});
export type SaveOutcome = z.infer<typeof saveOutcomeSchema>;
