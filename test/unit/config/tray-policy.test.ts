// The `[rport-tray]` section of the administrator's policy: the app's connection mode and how the
// installed service is found and restarted, pinned; a bad value is an error at its line.
import { describe, expect, it } from 'vitest';
import { parsePolicyText } from '../../../main/config/policy';

const FILE = '/etc/rport-tray/policy.toml';

describe('[rport-tray] in the policy', () => {
  it('pins the service mode and the service settings, beside rport.conf keys', () => {
    const policy = parsePolicyText(
      '[connection]\nkeep_alive = "2m"\n\n[rport-tray]\nmode = "service"\nservice_config = "/etc/rport/rport.conf"\n' +
        'service_restart_command = "sudo -n /usr/bin/systemctl restart rport"\n',
      FILE,
    );
    expect(policy.problems).toEqual([]);
    expect(policy.tray).toEqual({
      mode: 'service',
      serviceConfig: '/etc/rport/rport.conf',
      serviceRestartCommand: 'sudo -n /usr/bin/systemctl restart rport',
    });
    expect(policy.lockedKeys).toEqual(['connection.keep_alive']);
  });

  it('refuses a bad mode at its line and warns about an unknown key', () => {
    const policy = parsePolicyText('[rport-tray]\nmode = "both"\nservce_name = "x"\n', FILE);
    expect(policy.tray).toEqual({});
    expect(policy.problems).toEqual([
      {
        severity: 'error',
        file: FILE,
        line: 2,
        key: 'rport-tray.mode',
        message: 'mode must be "engine" or "service" (got "both")',
      },
      {
        severity: 'warning',
        file: FILE,
        line: 3,
        key: 'rport-tray.servce_name',
        message: `unknown key "servce_name" in the policy's [rport-tray] (ignored)`,
      },
    ]);
  });
});
