// Settings of `rport-tray run --ui`: the preferences live with conf in the data folder (so the theme a
// user picks sticks), and what belongs to the desktop app (login item, tray, notifications, native
// dialogs) is reported unavailable with the reason the window shows next to it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type {
  Capabilities,
  ConnectionMode,
  ConnectionSettings,
  PreferencesPatch,
  WindowPreferences,
} from '../../shared/contract';
import type { ConfStoreFactory, Preferences } from '../../config/preferences';
import { DEFAULT_PREFERENCES, PREFERENCES_FILE } from '../../config/preferences-defaults';
import type { OpenedPreferences } from '../../config/preferences-recovery';
import type { PreferencesRecovery } from '../../config/preferences-recovery';
import type { SettingsPort } from '../core/app-ports';
import { toStoredPatch, toWindowPreferences } from './window-preferences';
import { connectionSettingsOf, NO_TRAY_POLICY, type TrayPolicyRef } from './connection-settings';

/** Why a headless run does not switch between its own engine and the service (issue 17). */
export const HEADLESS_MODE_REASON =
  'A headless run follows its command: `rport-tray run` runs the client, `rport-tray watch-service` watches the rport service.';

export const HEADLESS_CAPABILITIES: Omit<Capabilities, 'keychain'> = {
  autoStart: {
    available: false,
    reason: 'Start at login belongs to the desktop app; a headless run is started by you or a service manager.',
  },
  startHidden: { available: false, reason: 'A headless run has no window of its own to hide.' },
  notifications: { available: false, reason: 'A headless run shows no desktop notifications.' },
  trayIcon: { available: false, reason: 'A headless run has no tray icon.' },
  fileDialogs: { available: false, reason: 'A browser window cannot open native file dialogs: type the path.' },
  systemProxy: {
    available: false,
    reason: 'A headless run uses HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY from its environment.',
  },
};

/** conf, to be imported when the preferences are first needed (it costs megabytes: ajv, semver). */
export interface LazyConf {
  load(): Promise<ConfStoreFactory>;
}

/**
 * Preferences in `<dataDir>/preferences.json`. The file is only created by a change: a run that never
 * touches the settings leaves nothing behind. A file that is not valid JSON gives the defaults, is kept
 * aside, and `onRecovered` is told (the run says so in its log and the window's).
 * conf and the preferences' schema (zod) are imported by `prepare()` (a run with a window, when the file
 * exists) or by the first change: a run without a window loads neither (README "Memory"). A file that
 * appears later is read once they are in.
 */
export class HeadlessSettings implements SettingsPort {
  private store: Preferences | null = null;
  private opener: ((dataDir: string) => OpenedPreferences) | null = null;
  private opening: Promise<void> | null = null;
  private readonly loadConf: () => Promise<ConfStoreFactory>;

  constructor(
    private readonly dataDir: string,
    conf: ConfStoreFactory | LazyConf,
    private readonly onRecovered: (recovery: PreferencesRecovery) => void = () => {},
    /** What this run follows (its command), and the administrator's `[rport-tray]` policy. */
    private readonly mode: { active: ConnectionMode; policy: TrayPolicyRef } = {
      active: 'engine',
      policy: NO_TRAY_POLICY,
    },
  ) {
    this.loadConf = typeof conf === 'function' ? () => Promise.resolve(conf) : () => conf.load();
  }

  /** Loads conf now when there are stored preferences to read, so the window's first look shows them. */
  async prepare(): Promise<void> {
    if (existsSync(this.file())) await this.loadOpener();
  }

  preferences(): WindowPreferences {
    return toWindowPreferences(this.open(false)?.get() ?? DEFAULT_PREFERENCES);
  }

  async update(patch: PreferencesPatch): Promise<WindowPreferences> {
    await this.loadOpener();
    const store = this.open(true);
    if (!store) throw new Error('the preferences could not be opened');
    return toWindowPreferences(store.update(toStoredPatch(store.get(), patch)));
  }

  capabilities(): Omit<Capabilities, 'keychain'> {
    return HEADLESS_CAPABILITIES;
  }

  connection(): ConnectionSettings {
    // A headless run follows its command whatever the stored choice: that is what it shows.
    const stored = { ...(this.open(false)?.get() ?? DEFAULT_PREFERENCES), connectionMode: this.mode.active };
    return connectionSettingsOf(stored, this.mode.policy, this.mode.active, {
      available: false,
      reason: HEADLESS_MODE_REASON,
    });
  }

  async updateConnection(): Promise<ConnectionSettings> {
    throw new Error(HEADLESS_MODE_REASON);
  }

  private file(): string {
    return path.join(this.dataDir, PREFERENCES_FILE);
  }

  private loadOpener(): Promise<void> {
    this.opening ??= Promise.all([this.loadConf(), import('../../config/preferences')]).then(
      ([Conf, { openNodePreferences }]) => void (this.opener = (dir) => openNodePreferences(dir, Conf)),
      (error: unknown) => {
        this.opening = null;
        throw error;
      },
    );
    return this.opening;
  }

  private open(create: boolean): Preferences | null {
    if (this.store) return this.store;
    if (!create && !existsSync(this.file())) return null;
    if (!this.opener) {
      void this.loadOpener().catch(() => undefined);
      return null;
    }
    const opened = this.opener(this.dataDir);
    this.store = opened.preferences;
    if (opened.recovery) this.onRecovered(opened.recovery);
    return this.store;
  }
}
