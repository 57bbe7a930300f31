// The window's view of the app preferences (main/config/preferences.ts holds more: window bounds, the
// config path, ...) and how a change from the window becomes a change of the stored preferences.
import type { PreferencesPatch as WindowPatch, WindowPreferences } from '../../shared/contract';
import type { AppPreferences, PreferencesPatch as StoredPatch } from '../../config/preferences';

export function toWindowPreferences(prefs: AppPreferences): WindowPreferences {
  return {
    autoStart: prefs.autoStart,
    startHidden: prefs.startHidden,
    notifications: { ...prefs.notifications },
    iconStyle: prefs.iconStyle,
    theme: prefs.theme,
    useSystemProxy: prefs.useSystemProxy,
  };
}

/** The stored patch for a window patch: notifications are merged kind by kind, not replaced. */
export function toStoredPatch(current: AppPreferences, patch: WindowPatch): StoredPatch {
  const out: StoredPatch = {};
  if (patch.autoStart !== undefined) out.autoStart = patch.autoStart;
  if (patch.startHidden !== undefined) out.startHidden = patch.startHidden;
  if (patch.iconStyle !== undefined) out.iconStyle = patch.iconStyle;
  if (patch.theme !== undefined) out.theme = patch.theme;
  if (patch.useSystemProxy !== undefined) out.useSystemProxy = patch.useSystemProxy;
  if (patch.notifications !== undefined) {
    const n = patch.notifications;
    out.notifications = {
      connection: n.connection ?? current.notifications.connection,
      remoteActivity: n.remoteActivity ?? current.notifications.remoteActivity,
      configProblems: n.configProblems ?? current.notifications.configProblems,
    };
  }
  return out;
}
