// The watched service's rport.conf as a watchdog reads it: its timings, where state.json is, and the
// settings under which state.json says nothing (each with its fix).
import { describe, expect, it } from 'vitest';
import { judgeServiceConfigText, readServiceConfig } from '../../../../main/watchdog/service/service-config';

const FILE = '/etc/rport/rport.conf';
const base = (connection: string) =>
  `[client]\nserver = "http://rport.example.com:8080"\nauth = "client:secret"\ndata_dir = "/var/lib/rport"\n` +
  `fallback_servers = ["http://fallback.example.com:8080"]\n[connection]\n${connection}\n`;

describe('judgeServiceConfigText', () => {
  it('takes the timings and the state file from a config a watchdog can judge', () => {
    const r = judgeServiceConfigText(
      base('watchdog_integration = true\nkeep_alive = "1m"\nkeep_alive_timeout = "20s"'),
      FILE,
      'linux',
    );
    expect(r.problems).toEqual([]);
    expect(r.blocksJudging).toBe(false);
    expect(r.stateFile).toBe('/var/lib/rport/state.json');
    expect(r.facts).toEqual({
      keepAliveMs: 60_000,
      keepAliveTimeoutMs: 20_000,
      maxRetryIntervalMs: 300_000,
      fallbackCount: 1,
    });
  });

  it("applies Go's fix-up: max_retry_interval below 1 s is 5m", () => {
    const r = judgeServiceConfigText(base('watchdog_integration = true\nmax_retry_interval = "500ms"'), FILE, 'linux');
    expect(r.facts.maxRetryIntervalMs).toBe(300_000);
  });

  it('cannot judge with watchdog_integration off, and says how to fix it', () => {
    const r = judgeServiceConfigText(base(''), FILE, 'linux');
    expect(r.blocksJudging).toBe(true);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]?.message).toMatch(/watchdog_integration is off in \/etc\/rport\/rport.conf/);
    expect(r.problems[0]?.fix).toMatch(/watchdog_integration = true/);
  });

  it('cannot judge a client that gives up after max_retry_count retries (0 included)', () => {
    const r = judgeServiceConfigText(base('watchdog_integration = true\nmax_retry_count = 0'), FILE, 'linux');
    expect(r.blocksJudging).toBe(true);
    expect(r.problems.map((p) => p.fix)).toContain('set `max_retry_count = -1` in [connection]');
  });

  it('names keep_alive off (which Go also refuses with the integration on)', () => {
    const r = judgeServiceConfigText(base('watchdog_integration = true\nkeep_alive = "0s"'), FILE, 'linux');
    expect(r.blocksJudging).toBe(true);
    expect(r.problems[0]?.message).toMatch(/has errors .*watchdog integration requires 'keep_alive > 0'/);
    expect(r.problems.some((p) => /keep_alive is off/.test(p.message) && /keep_alive = "3m0s"/.test(p.fix ?? ''))).toBe(
      true,
    );
  });

  it('uses the Windows paths for a Windows service', () => {
    const text =
      '[client]\nserver = "http://x:80"\ndata_dir = \'C:\\Program Files\\rport\\data\'\n[connection]\nwatchdog_integration = true\n';
    expect(judgeServiceConfigText(text, 'C:\\Program Files\\rport\\rport.conf', 'win32').stateFile).toBe(
      'C:\\Program Files\\rport\\data\\state.json',
    );
  });
});

describe('readServiceConfig', () => {
  it('judges with the Go defaults when the file cannot be read, and says so', async () => {
    const r = await readServiceConfig(FILE, {
      platform: 'linux',
      read: async () => {
        throw Object.assign(new Error("EACCES: permission denied, open '/etc/rport/rport.conf'"), { code: 'EACCES' });
      },
    });
    expect(r.text).toBeNull();
    expect(r.stateFile).toBeNull();
    expect(r.blocksJudging).toBe(false);
    expect(r.facts.keepAliveMs).toBe(180_000);
    expect(r.problems[0]?.message).toMatch(/cannot read \/etc\/rport\/rport.conf \(EACCES/);
  });
});
