// The rport service installed on this machine, as the window shows it when the app follows it instead of
// its own engine (issue 17): the watchdog's view, the connection mode setting, and the installed
// services the Setup and Settings views offer. Checked against the watcher's own types with `satisfies`.
import * as z from '../zod-mini';
import type { ServiceWatchView } from '../../types/service-watch-types';
import { epochMs } from './epoch-ms';
import { capabilitySchema } from './capability';

export const serviceProblemSchema = z.object({ message: z.string(), fix: z.nullable(z.string()) });

export const serviceWatchViewSchema = z.object({
  serviceName: z.string(),
  manager: z.enum(['systemd', 'windows', 'launchd', 'command']),
  restartCommand: z.string(),
  configPath: z.string(),
  stateFile: z.nullable(z.string()),
  running: z.enum(['running', 'starting', 'stopping', 'stopped', 'not-installed', 'unknown']),
  runningDetail: z.string(),
  lastState: z.nullable(z.enum(['initialized', 'connected', 'reconnecting'])),
  lastMessage: z.nullable(z.string()),
  lastUpdateAt: z.nullable(epochMs),
  health: z.enum(['healthy', 'stale', 'stopped', 'restarting', 'unjudged']),
  healthText: z.string(),
  deadlineMs: z.nullable(z.number().check(z.nonnegative())),
  problems: z.array(serviceProblemSchema),
  restarts: z.array(
    z.object({ at: epochMs, text: z.string(), count: z.int().check(z.minimum(0)), failed: z.boolean() }),
  ),
  restartCount: z.int().check(z.minimum(0)),
  failedReason: z.nullable(z.string()),
  budget: z.object({ burst: z.int().check(z.minimum(1)), intervalMs: z.number().check(z.nonnegative()) }),
  checkedAt: z.nullable(epochMs),
}) satisfies z.ZodMiniType<ServiceWatchView>;
/** The watched service as the window gets it. */
export type ServiceView = z.infer<typeof serviceWatchViewSchema>;

export const connectionModeSchema = z.enum(['engine', 'service']);
export type ConnectionMode = z.infer<typeof connectionModeSchema>;

const optionalText = z.nullable(z.string().check(z.trim(), z.minLength(1), z.maxLength(4096)));

/** How the installed service is found, asked and restarted; null: the usual place or the OS's own way. */
export const serviceSettingsSchema = z.object({
  /** Its rport.conf; null: the first usual install place that exists. */
  configPath: optionalText,
  /** Its state.json; null: `<data_dir>/state.json` of its config. */
  stateFile: optionalText,
  /** Its name for the service manager (`rport`). */
  serviceName: z.string().check(z.trim(), z.minLength(1), z.maxLength(256)),
  /** Replaces the OS's restart (systemctl, sc.exe, launchctl), e.g. `sudo -n systemctl restart rport`. */
  restartCommand: optionalText,
  /** Replaces the OS's status query: exit 0 running, 3 stopped. */
  statusCommand: optionalText,
  /** Writes the service's rport.conf when this user may not: `<helper> SOURCE TARGET`. */
  saveHelper: optionalText,
});
export type ServiceSettings = z.infer<typeof serviceSettingsSchema>;

export const connectionSettingsSchema = z.object({
  /** The stored choice: the app's own engine, or the rport service on this machine. */
  mode: connectionModeSchema,
  /** What this run follows (a changed choice applies when the app restarts). */
  activeMode: connectionModeSchema,
  service: serviceSettingsSchema,
  /** Settings the administrator's policy pins: `mode` and `service.<field>` names. */
  locked: z.array(z.string()),
  policyFile: z.nullable(z.string()),
  /** Whether this run can change the choice (the desktop app can; a headless run follows its command). */
  canChange: capabilitySchema,
});
export type ConnectionSettings = z.infer<typeof connectionSettingsSchema>;

export const connectionPatchSchema = z.strictObject({
  mode: z.optional(connectionModeSchema),
  service: z.optional(z.strictObject(z.partial(serviceSettingsSchema).shape)),
});
export type ConnectionPatch = z.infer<typeof connectionPatchSchema>;

export const installedServiceSchema = z.object({
  configPath: z.string(),
  stateFile: z.string(),
  stateFileExists: z.boolean(),
});
export type InstalledService = z.infer<typeof installedServiceSchema>;
