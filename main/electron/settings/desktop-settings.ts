// The app core's settings port in the desktop app: preferences in electron-store, start at login applied
// through the login item (the OS's answer, not the stored wish, is what the window and the tray show), and
// what this platform and build can do. Every change comes through the app core, whose `settings` event
// then redraws the tray (icon style, "Start at login") and updates an open Settings view.

import type {
  Capabilities,
  ConnectionPatch,
  ConnectionSettings,
  PreferencesPatch,
  WindowPreferences,
} from '../../shared/contract';
import {
  connectionSettingsOf,
  NO_TRAY_POLICY,
  storedConnectionPatch,
  type TrayPolicyRef,
} from '../../app/settings/connection-settings';
import type { SettingsPort } from '../../app/core/app-ports';
import { toStoredPatch, toWindowPreferences } from '../../app/settings/window-preferences';
import type { Preferences } from '../../config/preferences';
import type { AutoStart } from '../autostart/auto-start';

export interface DesktopSettingsDeps {
  preferences: Preferences;
  autoStart: AutoStart;
  platform: NodeJS.Platform;
  /** False for an unpackaged run on Linux: there is no stable command for an autostart entry to run. */
  autoStartAvailable: boolean;
  notificationsSupported: boolean;
  /** The administrator's `[rport-tray]` policy (the connection mode and the service, issue 17). */
  trayPolicy?: TrayPolicyRef;
  /**
   * A change of what the app follows (or of the watched service) that this run cannot take on: the
   * desktop app restarts itself to apply it.
   */
  onConnectionChange?: () => void;
}

export const AUTOSTART_DEV_REASON =
  'Start at login needs the installed app: a development run has no stable command to start.';
export const MAC_ICON_REASON = 'The macOS menu bar draws its icons in one colour that follows the menu bar.';

export class DesktopSettings implements SettingsPort {
  private startAtLogin = false;
  /** What this run follows, fixed when it started (a change applies with a restart of the app). */
  private readonly started: ConnectionSettings;

  private constructor(private readonly deps: DesktopSettingsDeps) {
    const resolved = this.resolveConnection('engine');
    this.started = { ...resolved, activeMode: resolved.mode };
  }

  /** Reads the login item's current state (the user may have removed it in the OS settings). */
  static async open(deps: DesktopSettingsDeps): Promise<DesktopSettings> {
    const settings = new DesktopSettings(deps);
    settings.startAtLogin = deps.autoStartAvailable ? await deps.autoStart.isEnabled().catch(() => false) : false;
    return settings;
  }

  /** What the OS says about the login item. */
  get loginItemEnabled(): boolean {
    return this.startAtLogin;
  }

  preferences(): WindowPreferences {
    const stored = toWindowPreferences(this.deps.preferences.get());
    return this.deps.autoStartAvailable ? { ...stored, autoStart: this.startAtLogin } : stored;
  }

  async update(patch: PreferencesPatch): Promise<WindowPreferences> {
    if (patch.autoStart !== undefined) {
      if (!this.deps.autoStartAvailable) throw new Error(AUTOSTART_DEV_REASON);
      try {
        await this.deps.autoStart.setEnabled(patch.autoStart);
      } finally {
        // Whatever happened, show what the OS now has.
        this.startAtLogin = await this.deps.autoStart.isEnabled().catch(() => this.startAtLogin);
      }
    }
    const prefs = this.deps.preferences;
    prefs.update(toStoredPatch(prefs.get(), patch));
    return this.preferences();
  }

  /** The connection setting, with the policy's pins; `activeMode` is what this run follows. */
  connection(): ConnectionSettings {
    return this.resolveConnection(this.started.activeMode);
  }

  async updateConnection(patch: ConnectionPatch): Promise<ConnectionSettings> {
    const prefs = this.deps.preferences;
    prefs.update(storedConnectionPatch(prefs.get(), patch, this.deps.trayPolicy ?? NO_TRAY_POLICY));
    const now = this.connection();
    const service = JSON.stringify(now.service) !== JSON.stringify(this.started.service);
    if (now.mode !== this.started.activeMode || (now.mode === 'service' && service)) this.deps.onConnectionChange?.();
    return now;
  }

  private resolveConnection(activeMode: ConnectionSettings['activeMode']): ConnectionSettings {
    return connectionSettingsOf(this.deps.preferences.get(), this.deps.trayPolicy ?? NO_TRAY_POLICY, activeMode, {
      available: true,
      reason: null,
    });
  }

  capabilities(): Omit<Capabilities, 'keychain'> {
    const yes = { available: true, reason: null };
    return {
      autoStart: this.deps.autoStartAvailable ? yes : { available: false, reason: AUTOSTART_DEV_REASON },
      startHidden: yes,
      notifications: this.deps.notificationsSupported
        ? yes
        : { available: false, reason: 'This desktop does not support notifications.' },
      trayIcon: this.deps.platform === 'darwin' ? { available: false, reason: MAC_ICON_REASON } : yes,
      fileDialogs: yes,
      systemProxy: yes,
    };
  }
}
