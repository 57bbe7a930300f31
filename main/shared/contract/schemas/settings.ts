// Settings: the app preferences the window edits, what this mode of the app can do, and where the
// client password is kept.
import * as z from '../zod-mini';
import { capabilitySchema } from './capability';
import { connectionSettingsSchema } from './service-watch';

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
  autoStart: z.optional(z.boolean()),
  startHidden: z.optional(z.boolean()),
  notifications: z.optional(
    z.strictObject({
      connection: z.optional(z.boolean()),
      remoteActivity: z.optional(z.boolean()),
      configProblems: z.optional(z.boolean()),
    }),
  ),
  iconStyle: z.optional(iconStyleSchema),
  theme: z.optional(themeSchema),
  useSystemProxy: z.optional(z.boolean()),
});
export type PreferencesPatch = z.infer<typeof preferencesPatchSchema>;

/** Whether a feature works in this run of the app, and if not, one line saying why (shown in the window). */
export { capabilitySchema, type Capability } from './capability';

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
  /** What the app follows: its own engine or the rport service on this machine (issue 17). */
  connection: z.optional(connectionSettingsSchema),
});
export type Settings = z.infer<typeof settingsSchema>;
