// The connection mode setting with the administrator's `[rport-tray]` policy laid over it: pinned values
// win and show locked, a change of them is refused, the rest is stored.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES } from '../../../../main/config/preferences';
import {
  connectionSettingsOf,
  LockedSettingError,
  NO_TRAY_POLICY,
  storedConnectionPatch,
} from '../../../../main/app/settings/connection-settings';

const yes = { available: true, reason: null };
const POLICY = {
  tray: { mode: 'service' as const, serviceConfig: '/etc/rport/rport.conf' },
  file: '/etc/rport-tray/policy.toml',
};

describe('connection settings', () => {
  it("default to the app's own engine, changeable", () => {
    expect(connectionSettingsOf(DEFAULT_PREFERENCES, NO_TRAY_POLICY, 'engine', yes)).toEqual({
      mode: 'engine',
      activeMode: 'engine',
      service: DEFAULT_PREFERENCES.service,
      locked: [],
      policyFile: null,
      canChange: yes,
    });
  });

  it("take the policy's mode and service settings, locked", () => {
    const s = connectionSettingsOf(DEFAULT_PREFERENCES, POLICY, 'service', yes);
    expect(s).toMatchObject({
      mode: 'service',
      service: { configPath: '/etc/rport/rport.conf', serviceName: 'rport' },
      locked: ['mode', 'service.configPath'],
      canChange: { available: false, reason: "Set by the administrator's policy (/etc/rport-tray/policy.toml)." },
    });
  });

  it('store a change, and refuse one of a pinned setting', () => {
    expect(
      storedConnectionPatch(
        DEFAULT_PREFERENCES,
        { mode: 'service', service: { restartCommand: 'sudo -n x' } },
        NO_TRAY_POLICY,
      ),
    ).toEqual({
      connectionMode: 'service',
      service: { ...DEFAULT_PREFERENCES.service, restartCommand: 'sudo -n x' },
    });
    expect(() => storedConnectionPatch(DEFAULT_PREFERENCES, { mode: 'engine' }, POLICY)).toThrow(LockedSettingError);
    expect(() => storedConnectionPatch(DEFAULT_PREFERENCES, { service: { configPath: '/other' } }, POLICY)).toThrow(
      /The service's configPath is set by the administrator's policy/,
    );
    // The pinned value itself may be sent back unchanged (a form saving every field).
    expect(storedConnectionPatch(DEFAULT_PREFERENCES, { mode: 'service' }, POLICY)).toEqual({
      connectionMode: 'service',
    });
  });
});
