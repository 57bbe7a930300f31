// The preferences' defaults and file name, without the schema (preferences.ts, zod): a headless run shows
// the defaults and checks for the file without loading zod and conf (README "Memory").
import type { AppPreferences } from './preferences';
import { GO_SERVICE_NAME } from './app-paths';

export const PREFERENCES_SCHEMA_VERSION = 2;

export const DEFAULT_PREFERENCES: AppPreferences = {
  schemaVersion: PREFERENCES_SCHEMA_VERSION,
  autoStart: true,
  startHidden: true,
  // Remote commands and uploads are announced by default: the user of this machine should know (issue 8).
  notifications: { connection: true, configProblems: true, remoteActivity: true },
  iconStyle: 'color',
  theme: 'system',
  configPath: null,
  windowBounds: null,
  setupComplete: false,
  logViewLines: 2000,
  // On: a desktop app is expected to follow the OS's proxy settings, as browsers do; rport.conf's proxy
  // still wins, and an OS answer of "direct" leaves the environment's proxy variables in charge.
  useSystemProxy: true,
  connectionMode: 'engine',
  service: {
    configPath: null,
    stateFile: null,
    serviceName: GO_SERVICE_NAME,
    restartCommand: null,
    statusCommand: null,
    saveHelper: null,
  },
};

/** The preferences file's name (conf's `configName`, electron-store's `name`) and its file. */
export const PREFERENCES_NAME = 'preferences';
export const PREFERENCES_FILE = `${PREFERENCES_NAME}.json`;
