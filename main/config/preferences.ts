// App preferences (not rport.conf): a zod schema with defaults, an explicit `schemaVersion` and
// migrations run by this module (conf's own migrations are unreliable: they skip a store that does not
// exist yet). Storage is anything with conf's `store` getter/setter: `conf` in Node (absolute cwd), and
// electron-store in the app (same API).
import * as z from '../shared/contract/zod-mini';
import path from 'node:path';
import { openRecoveringPreferences, type OpenedPreferences } from './preferences-recovery';
import {
  DEFAULT_PREFERENCES,
  PREFERENCES_FILE,
  PREFERENCES_NAME,
  PREFERENCES_SCHEMA_VERSION,
} from './preferences-defaults';
import type { ConfStoreFactory } from './conf-store';

// The constants live in a zod-free module, so a run without a window can use them without the schema.
export { DEFAULT_PREFERENCES, PREFERENCES_FILE, PREFERENCES_NAME, PREFERENCES_SCHEMA_VERSION };
export { loadConf, type ConfStoreFactory } from './conf-store';

/** A non-empty text, or null for "the usual". */
const textOrNull = z.nullable(z.string().check(z.minLength(1)));

const bounds = z.object({
  x: z.int(),
  y: z.int(),
  width: z.int().check(z.minimum(200)),
  height: z.int().check(z.minimum(150)),
  maximized: z._default(z.boolean(), false),
});

export const preferencesSchema = z.object({
  schemaVersion: z.literal(PREFERENCES_SCHEMA_VERSION),
  /** Start the app at login. */
  autoStart: z.boolean(),
  /** Start in the tray without opening the window. */
  startHidden: z.boolean(),
  /** Desktop notifications by kind. */
  notifications: z.object({
    /** Connected, lost, reconnected, failed. */
    connection: z.boolean(),
    /** The config on disk became invalid (the last good one keeps running). */
    configProblems: z.boolean(),
    /** A remote command, script or upload ran. */
    remoteActivity: z.boolean(),
  }),
  iconStyle: z.enum(['color', 'monochrome']),
  theme: z.enum(['system', 'light', 'dark']),
  /** rport.conf in use; null: the per-OS default (app-paths.ts defaultConfigPath). */
  configPath: textOrNull,
  windowBounds: z.nullable(bounds),
  /** The first-start setup was completed (or skipped with an imported config). */
  setupComplete: z.boolean(),
  /** Log lines kept in the window. */
  logViewLines: z.int().check(z.minimum(100), z.maximum(100_000)),
  /** Desktop: dial through the OS's proxy (PAC included) when rport.conf names none. */
  useSystemProxy: z.boolean(),
  /** What the app follows: its own engine, or the rport service installed on this machine (issue 17). */
  connectionMode: z.enum(['engine', 'service']),
  /** How that service is found, asked and restarted; null fields: the usual place or the OS's own way. */
  service: z.object({
    configPath: textOrNull,
    stateFile: textOrNull,
    serviceName: z.string().check(z.minLength(1)),
    restartCommand: textOrNull,
    statusCommand: textOrNull,
    saveHelper: textOrNull,
  }),
});

export type AppPreferences = z.infer<typeof preferencesSchema>;
export type PreferencesPatch = Partial<Omit<AppPreferences, 'schemaVersion'>>;

type Stored = Record<string, unknown>;

/** Migrations from version N (the key) to N+1. Version 0 is a store written before schemaVersion existed. */
const MIGRATIONS: Record<number, (old: Stored) => Stored> = {
  0: (old) => ({ ...old, schemaVersion: 1 }),
  // v1 had one `notifications: boolean`; v2 splits it by kind.
  1: (old) => {
    const on = typeof old.notifications === 'boolean' ? old.notifications : true;
    return { ...old, schemaVersion: 2, notifications: { connection: on, configProblems: on, remoteActivity: on } };
  },
};

/** Brings stored data up to the current version, then keeps each valid field and defaults the rest. */
export function migratePreferences(stored: Stored): AppPreferences {
  let data: Stored = { ...stored };
  let version = typeof data.schemaVersion === 'number' ? data.schemaVersion : 0;
  if (Object.keys(stored).length === 0) version = PREFERENCES_SCHEMA_VERSION;
  while (version < PREFERENCES_SCHEMA_VERSION) {
    const step = MIGRATIONS[version];
    if (!step) break;
    data = step(data);
    version += 1;
  }
  const out: Record<string, unknown> = { ...DEFAULT_PREFERENCES };
  const shape = preferencesSchema.shape as Record<string, z.ZodMiniType>;
  for (const key of Object.keys(DEFAULT_PREFERENCES)) {
    if (key === 'schemaVersion' || !(key in data)) continue;
    const field = shape[key];
    const parsed = field?.safeParse(data[key]);
    if (parsed?.success) out[key] = parsed.data;
  }
  return preferencesSchema.parse(out);
}

export interface PreferencesBackend {
  get store(): Stored;
  set store(value: Stored);
}

export class Preferences {
  constructor(private readonly backend: PreferencesBackend) {
    const current = migratePreferences(backend.store);
    if (JSON.stringify(current) !== JSON.stringify(backend.store)) backend.store = current;
  }

  get(): AppPreferences {
    return migratePreferences(this.backend.store);
  }

  /** Validates the patch (throws zod's error naming the field) and stores it. */
  update(patch: PreferencesPatch): AppPreferences {
    const next = preferencesSchema.parse({ ...this.get(), ...patch, schemaVersion: PREFERENCES_SCHEMA_VERSION });
    this.backend.store = next;
    return next;
  }

  reset(): AppPreferences {
    this.backend.store = { ...DEFAULT_PREFERENCES };
    return this.get();
  }
}

/**
 * Preferences in `<cwd>/preferences.json` via conf (Node, headless, tests). `cwd` must be absolute. An
 * unreadable file gives the defaults and is kept aside (preferences-recovery.ts).
 */
export function openNodePreferences(cwd: string, Conf: ConfStoreFactory): OpenedPreferences {
  return openRecoveringPreferences(
    path.join(cwd, PREFERENCES_FILE),
    () => new Preferences(new Conf({ cwd, configName: PREFERENCES_NAME, configFileMode: 0o600 })),
  );
}
