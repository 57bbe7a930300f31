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
import {
  DEFAULT_PREFERENCES,
  PREFERENCES_FILE,
  openNodePreferences,
  type ConfStoreFactory,
  type Preferences,
} from '../../config/preferences';
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

/**
 * Preferences in `<dataDir>/preferences.json`. The file is only created by a change: a run that never
 * touches the settings leaves nothing behind. A file that is not valid JSON gives the defaults, is kept
 * aside, and `onRecovered` is told (the run says so in its log and the window's).
 */
export class HeadlessSettings implements SettingsPort {
  private store: Preferences | null = null;

  constructor(
    private readonly dataDir: string,
    private readonly conf: ConfStoreFactory,
    private readonly onRecovered: (recovery: PreferencesRecovery) => void = () => {},
    /** What this run follows (its command), and the administrator's `[rport-tray]` policy. */
    private readonly mode: { active: ConnectionMode; policy: TrayPolicyRef } = {
      active: 'engine',
      policy: NO_TRAY_POLICY,
    },
  ) {}

  preferences(): WindowPreferences {
    return toWindowPreferences(this.open(false)?.get() ?? DEFAULT_PREFERENCES);
  }

  async update(patch: PreferencesPatch): Promise<WindowPreferences> {
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

  private open(create: boolean): Preferences | null {
    if (this.store) return this.store;
    if (!create && !existsSync(path.join(this.dataDir, PREFERENCES_FILE))) return null;
    const opened = openNodePreferences(this.dataDir, this.conf);
    this.store = opened.preferences;
    if (opened.recovery) this.onRecovered(opened.recovery);
    return this.store;
  }
}
