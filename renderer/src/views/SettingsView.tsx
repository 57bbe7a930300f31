// Settings: start at login, start hidden, notifications by kind, theme, tray icon style, the system
// proxy and where the client password is kept. What this run of the app cannot do is shown disabled with the app's reason.
import type { PasswordStorage, Theme, WindowPreferences } from '../../../main/shared/contract';
import { ConnectionModeSettings } from '../components/ConnectionModeSettings';
import { SettingToggle } from '../components/SettingToggle';
import { useApp } from '../store/store-context';

const THEMES: { value: Theme; label: string }[] = [
  { value: 'system', label: 'Like the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** The notification switches, one per kind of event (preferences.notifications). */
const NOTIFICATIONS: {
  kind: keyof WindowPreferences['notifications'];
  testId: string;
  label: string;
  help: string;
}[] = [
  {
    kind: 'connection',
    testId: 'pref-notify-connection',
    label: 'Connection changes',
    help: 'Connected, lost, failover, back on the primary, engine restarts.',
  },
  {
    kind: 'remoteActivity',
    testId: 'pref-notify-remote',
    label: 'Remote commands and uploads',
    help: 'When the server runs a command or script here, or sends a file.',
  },
  {
    kind: 'configProblems',
    testId: 'pref-notify-config',
    label: 'Config problems',
    help: 'When rport.conf is changed outside the app and has errors.',
  },
];

const PASSWORD_WHERE: Record<PasswordStorage, string> = {
  file: 'The password is in rport.conf.',
  keychain: 'The password is in the system keychain; rport.conf only names the client ID.',
  none: 'The config has no password yet.',
};

export function SettingsView() {
  const settings = useApp((s) => s.settings);
  const configPath = useApp((s) => s.status?.configPath ?? '');
  const busy = useApp((s) => s.busy.updatePreferences === true || s.busy.setPasswordStorage === true);
  const update = useApp((s) => s.updatePreferences);
  const setPasswordStorage = useApp((s) => s.setPasswordStorage);
  const notify = useApp((s) => s.notify);
  const setView = useApp((s) => s.setView);
  if (!settings) return <p className="muted">Loading the settings…</p>;
  const { preferences: p, capabilities: c, passwordStorage } = settings;

  const onKeychain = async (keep: boolean) => {
    if (await setPasswordStorage(keep ? 'keychain' : 'file')) {
      notify('info', keep ? 'The password is now kept in the system keychain.' : 'The password is back in rport.conf.');
    }
  };

  return (
    <section className="view narrow" aria-labelledby="settings-title" data-testid="settings-view">
      <h1 id="settings-title">Settings</h1>

      <fieldset className="settings-group">
        <legend>Startup</legend>
        <SettingToggle
          testId="pref-autostart"
          label="Start at login"
          help="Connects as soon as you log in."
          checked={p.autoStart}
          capability={c.autoStart}
          busy={busy}
          onChange={(autoStart) => void update({ autoStart })}
        />
        <SettingToggle
          testId="pref-start-hidden"
          label="Start hidden in the tray"
          help="At login, stay in the tray instead of opening this window."
          checked={p.startHidden}
          capability={c.startHidden}
          busy={busy}
          onChange={(startHidden) => void update({ startHidden })}
        />
      </fieldset>

      <fieldset className="settings-group">
        <legend>Notifications</legend>
        {NOTIFICATIONS.map((n) => (
          <SettingToggle
            key={n.kind}
            testId={n.testId}
            label={n.label}
            help={n.help}
            checked={p.notifications[n.kind]}
            capability={c.notifications}
            busy={busy}
            onChange={(on) => void update({ notifications: { [n.kind]: on } })}
          />
        ))}
      </fieldset>

      <fieldset className="settings-group">
        <legend>Appearance</legend>
        <div className="setting-choice" role="radiogroup" aria-labelledby="theme-label">
          <span id="theme-label" className="setting-label">
            Theme
          </span>
          <div className="segmented">
            {THEMES.map((t) => (
              <button
                key={t.value}
                type="button"
                role="radio"
                aria-checked={p.theme === t.value}
                data-testid={`pref-theme-${t.value}`}
                disabled={busy}
                onClick={() => void update({ theme: t.value })}
              >
                {t.label}
              </button>
            ))}
          </div>
        </div>
        <div className={`setting-choice ${c.trayIcon.available ? '' : 'setting-off'}`}>
          <label htmlFor="pref-icon-style" className="setting-label">
            Tray icon
          </label>
          <select
            id="pref-icon-style"
            data-testid="pref-icon-style"
            value={p.iconStyle}
            disabled={!c.trayIcon.available || busy}
            aria-describedby="pref-icon-style-help"
            onChange={(e) => void update({ iconStyle: e.target.value === 'monochrome' ? 'monochrome' : 'color' })}
          >
            <option value="color">In colour</option>
            <option value="monochrome">Monochrome</option>
          </select>
          <p id="pref-icon-style-help" className="help">
            {c.trayIcon.available ? (
              'Every state also has its own shape, so both styles tell the states apart.'
            ) : (
              <span className="reason" data-testid="pref-icon-style-reason">
                {c.trayIcon.reason}
              </span>
            )}
          </p>
        </div>
      </fieldset>

      <fieldset className="settings-group">
        <legend>Network</legend>
        <SettingToggle
          testId="pref-system-proxy"
          label="Use the system proxy"
          help="When rport.conf names no proxy, connect through the one the system's proxy settings (or its PAC script) give for the server. Applies from the next engine start."
          checked={p.useSystemProxy}
          capability={c.systemProxy}
          busy={busy}
          onChange={(useSystemProxy) => void update({ useSystemProxy })}
        />
      </fieldset>

      <fieldset className="settings-group">
        <legend>Password</legend>
        <SettingToggle
          testId="pref-keychain"
          label="Keep the password in the system keychain"
          help={PASSWORD_WHERE[passwordStorage]}
          checked={passwordStorage === 'keychain'}
          capability={c.keychain}
          blockedReason={passwordStorage === 'none' ? 'Set up the connection first.' : null}
          busy={busy}
          onChange={(keep) => void onKeychain(keep)}
        />
      </fieldset>

      <ConnectionModeSettings />

      <fieldset className="settings-group">
        <legend>Config file</legend>
        <p className="mono small wrap" data-testid="settings-config-path">
          {configPath}
        </p>
        <button type="button" data-testid="settings-open-config" onClick={() => setView('config')}>
          Edit or import in Config
        </button>
      </fieldset>
    </section>
  );
}
