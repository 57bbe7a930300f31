import { describe, expect, it } from 'vitest';
import {
  collectStaticSystemInfo,
  goArch,
  goOs,
  goTimezone,
  ipAddresses,
  osFullName,
  parseOsRelease,
} from '../../../main/engine/system-info';
import { buildConnectionRequest } from '../../../main/engine/connection-request';

describe('system info for new_connection (§3.2)', () => {
  it('maps Node arch/platform to Go names', () => {
    expect(goArch('x64')).toBe('amd64');
    expect(goArch('ia32')).toBe('386');
    expect(goArch('arm64')).toBe('arm64');
    expect(goArch('ppc64', 'LE')).toBe('ppc64le');
    expect(goOs('win32')).toBe('windows');
    expect(goOs('darwin')).toBe('darwin');
  });

  it('formats the time zone like Go’s "MST (UTC-07:00)"', () => {
    expect(goTimezone()).toMatch(/^(\S+) \(UTC[+-]\d\d:\d\d\)$/);
    if (new Date().getTimezoneOffset() === 0 && Intl.DateTimeFormat().resolvedOptions().timeZone === 'UTC') {
      expect(goTimezone()).toBe('UTC (UTC+00:00)');
    }
  });

  it('titles the platform like Go’s strings.Title', () => {
    expect(osFullName({ platform: 'ubuntu', family: 'debian', version: '22.04' })).toBe('Ubuntu 22.04');
    expect(osFullName({ platform: 'opensuse-leap', family: 'suse', version: '15.4' })).toBe('Opensuse-Leap 15.4');
  });

  it('parses os-release', () => {
    expect(parseOsRelease('ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12"\n')).toMatchObject({
      ID: 'debian',
      VERSION_ID: '12',
    });
  });

  it('lists non-loopback addresses only, link-local included, without zone or prefix', () => {
    const result = ipAddresses({
      lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true, netmask: '', mac: '', cidr: null }],
      eth0: [
        { address: '192.168.1.10', family: 'IPv4', internal: false, netmask: '', mac: '', cidr: null },
        { address: 'fe80::1', family: 'IPv6', internal: false, netmask: '', mac: '', cidr: null, scopeid: 2 },
      ],
    });
    expect(result).toEqual({ ipv4: ['192.168.1.10'], ipv6: ['fe80::1'] });
  });

  it('builds a request with the Go field names in order and "unknown" fallbacks', async () => {
    const system = await collectStaticSystemInfo();
    const req = buildConnectionRequest({
      id: '',
      useSystemId: false,
      name: '',
      useHostname: true,
      sessionId: 's-1',
      version: '0.9.13+rport-tray.0.1.0',
      tags: [],
      labels: {},
      remotes: [],
      clientConfiguration: { client: {} },
      system,
      hostname: 'my-host',
    });
    expect(Object.keys(req)).toEqual([
      'ID',
      'Name',
      'SessionID',
      'OS',
      'OSFullName',
      'OSVersion',
      'OSVirtualizationSystem',
      'OSVirtualizationRole',
      'OSArch',
      'OSFamily',
      'OSKernel',
      'Version',
      'Hostname',
      'CPUFamily',
      'CPUModel',
      'CPUModelName',
      'CPUVendor',
      'NumCPUs',
      'MemoryTotal',
      'Timezone',
      'IPv4',
      'IPv6',
      'Tags',
      'Labels',
      'Remotes',
      'ClientConfiguration',
    ]);
    expect(req).toMatchObject({
      ID: '',
      Name: 'my-host',
      Hostname: 'my-host',
      SessionID: 's-1',
      // Bound to Go's --tag flag ([]string{} default): [] when empty; Labels/Remotes have no flag (§3.6).
      Tags: [],
      Labels: null,
      Remotes: null,
    });
    expect(typeof req.NumCPUs).toBe('number');
    expect(req.OSKernel).toBe(goOs());
    if (process.platform === 'linux') expect(String(req.OS)).toMatch(/^Linux /);
  });

  it('fails like Go when use_system_id is on and there is no machine id', () => {
    expect(() =>
      buildConnectionRequest({
        id: '',
        useSystemId: true,
        name: 'n',
        useHostname: false,
        sessionId: 's',
        version: '1',
        tags: [],
        labels: {},
        remotes: [],
        clientConfiguration: {},
        system: {
          machineId: null,
          machineIdError: 'open /etc/machine-id: no such file or directory',
          os: 'x',
          osFullName: 'x',
          osVersion: 'x',
          osVirtualizationSystem: '',
          osVirtualizationRole: '',
          osArch: 'amd64',
          osFamily: 'x',
          osKernel: 'linux',
          cpu: { family: '', model: '', modelName: '', vendor: '', count: 1 },
          memoryTotal: 1,
        },
      }),
    ).toThrow(/could not use system id as client id/);
  });
});
