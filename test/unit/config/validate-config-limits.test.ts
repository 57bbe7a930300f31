// Config validation at its limits (main/config/validate-config.ts, docs/protocol.md §8.3): each value at
// the limit passes and one step beyond it is refused (or warned about), naming the key and its line.
import { describe, expect, it } from 'vitest';
import { errors, parse, warnings, withServer } from './helpers';

const problemsOf = (extra: string) => {
  const p = parse(withServer(extra));
  return { errors: errors(p), warnings: warnings(p), config: p.config };
};

describe('config validation limits', () => {
  it('remote-commands.send_back_limit: 0 passes, -1 is refused', () => {
    expect(problemsOf('[remote-commands]\nsend_back_limit = 0\n').errors).toEqual([]);
    expect(problemsOf('[remote-commands]\nsend_back_limit = -1\n').errors).toMatchObject([
      {
        key: 'remote-commands.send_back_limit',
        line: 4,
        message: 'remote commands: send back limit can not be negative: -1',
      },
    ]);
  });

  it('a network card speed of 1 passes, 0 is refused; the description needs exactly a name and a speed', () => {
    const ok = problemsOf('[monitoring]\nnet_lan = ["eth0", "1"]\n');
    expect(ok.errors).toEqual([]);
    expect(ok.config.monitoring.net_lan).toEqual(['eth0', 1]);
    const cases: [string, string][] = [
      ['["eth0", "0"]', 'network card max speed low: 0'],
      ['["eth0", "-1"]', 'network card max speed low: -1'],
      ['["eth0", "1.5"]', 'network card max speed illegal: 1.5'],
      ['["eth0", ""]', 'network card max speed missing'],
      ['["", "100"]', 'network card device name missing'],
      ['["eth0"]', 'network card description illegal'],
      ['["eth0", "100", "x"]', 'network card description illegal'],
    ];
    for (const [value, message] of cases) {
      expect(problemsOf(`[monitoring]\nnet_wan = ${value}\n`).errors).toMatchObject([
        { key: 'monitoring.net_wan', line: 4, message },
      ]);
    }
    expect(problemsOf('[monitoring]\nnet_lan = []\n').errors).toEqual([]);
  });

  it('[monitoring] interval: 60s passes silently, 1 ns less is warned about and raised to 60s', () => {
    const at = problemsOf('[monitoring]\ninterval = "60s"\n');
    expect(at.warnings).toEqual([]);
    expect(at.config.monitoring.interval).toBe(60e9);
    const below = problemsOf('[monitoring]\ninterval = "59.999999999s"\n');
    expect(below.warnings).toMatchObject([
      { key: 'monitoring.interval', line: 4, message: '59.999999999s is below the 60s minimum; 60s is used' },
    ]);
    expect(below.config.monitoring.interval).toBe(60e9);
  });

  it('watchdog_integration needs keep_alive above 0 (1 ns passes) and max_retry_count of 0 or less', () => {
    const base = '[connection]\nwatchdog_integration = true\n';
    expect(problemsOf(`${base}keep_alive = "1ns"\nmax_retry_count = 0\n`).errors).toEqual([]);
    expect(problemsOf(`${base}keep_alive = "0s"\n`).errors).toMatchObject([
      { key: 'connection.watchdog_integration', line: 4, message: "watchdog integration requires 'keep_alive > 0'" },
    ]);
    expect(problemsOf(`${base}max_retry_count = 1\n`).errors).toMatchObject([
      {
        key: 'connection.watchdog_integration',
        line: 4,
        message: "watchdog integration requires 'max_retry_count = -1' (=disabled)",
      },
    ]);
    expect(
      problemsOf('[connection]\nwatchdog_integration = false\nkeep_alive = "0s"\nmax_retry_count = 5\n').errors,
    ).toEqual([]);
  });

  it('ip_api_url: http and https with a host pass; other schemes or no host are refused', () => {
    for (const url of ['http://ip.example/x', 'https://ip.example']) {
      expect(problemsOf(`ip_api_url = "${url}"\n`).errors).toEqual([]);
    }
    for (const url of ['ftp://ip.example', 'https://', 'http://ip.example:bad']) {
      expect(problemsOf(`ip_api_url = "${url}"\n`).errors).toMatchObject([
        { key: 'client.ip_api_url', line: 3, message: 'invalid ip_api_url. only http(s):// supported' },
      ]);
    }
  });

  it('remote-commands.order accepts both orders and nothing else', () => {
    expect(problemsOf('[remote-commands]\norder = ["allow", "deny"]\n').config['remote-commands'].order).toEqual([
      'allow',
      'deny',
    ]);
    expect(problemsOf('[remote-commands]\norder = ["deny", "allow"]\n').config['remote-commands'].order).toEqual([
      'deny',
      'allow',
    ]);
    for (const order of ['["allow", "allow"]', '["deny", "deny"]', '["allow"]']) {
      const r = problemsOf(`[remote-commands]\norder = ${order}\n`);
      expect(r.errors).toMatchObject([{ key: 'remote-commands.order', line: 4 }]);
      expect(r.errors[0]!.message).toMatch(/^remote commands: invalid order: \[/);
    }
  });

  it('remote scripts need remote commands; an empty data_dir is refused', () => {
    expect(problemsOf('[remote-scripts]\nenabled = true\n[remote-commands]\nenabled = false\n').errors).toMatchObject([
      { key: 'remote-scripts.enabled', message: 'remote scripts execution requires remote commands to be enabled' },
    ]);
    expect(problemsOf('[remote-scripts]\nenabled = true\n[remote-commands]\nenabled = true\n').errors).toEqual([]);
    expect(problemsOf('data_dir = ""\n').errors).toMatchObject([
      { key: 'client.data_dir', line: 3, message: "'data directory path' cannot be empty" },
    ]);
  });

  it('auth without ":" is a warning, with one it is not', () => {
    expect(problemsOf('auth = "justapassword"\n').warnings).toMatchObject([{ key: 'client.auth', line: 3 }]);
    expect(problemsOf('auth = "id:pw"\n').warnings).toEqual([]);
  });
});
