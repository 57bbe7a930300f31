// Validation at its edges (issue 20, main/config/validate-config.ts): file order of alias errors, the
// platform's glob rules, each regexp list on its own line, every watchdog error at once, the exact texts.
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../main/config/parse-config';
import type { ConfigPlatform } from '../../../main/config/defaults';

const problems = (extra: string, platform: ConfigPlatform = 'linux') =>
  parseConfigText(`[client]\nserver = "h.example:1"\n${extra}`, { file: 'f.conf', defaultDataDir: '/d', platform })
    .problems;

const error = (line: number, key: string, message: string) => ({
  severity: 'error',
  file: 'f.conf',
  line,
  key,
  message,
});

describe('validation edges', () => {
  it('reports alias errors in file order, even where the table orders its keys otherwise', () => {
    // A table lists integer-like keys first; the file has `z` first.
    expect(problems('[interpreter-aliases]\nz = 1\n"5" = 2\n')).toEqual([
      error(4, 'interpreter-aliases.z', 'invalid interpreter alias "z": 1'),
      error(5, 'interpreter-aliases.5', 'invalid interpreter alias "5": 2'),
    ]);
  });

  it('sorts any number of aliases by line', () => {
    expect(problems('[interpreter-aliases]\nb = 1\n"7" = 2\na = 3\n"2" = 4\n').map((p) => p.key)).toEqual([
      'interpreter-aliases.b',
      'interpreter-aliases.7',
      'interpreter-aliases.a',
      'interpreter-aliases.2',
    ]);
  });

  it('strips the engine prefix from a regexp error also when the pattern holds a line break', () => {
    expect(problems('[remote-commands]\nallow = ["a\\n("]\n').map((p) => p.message)).toEqual([
      'remote commands: allow regexp: invalid regular expression "a\\n(": Invalid regular expression: /a\n(/: Unterminated group',
    ]);
  });

  it('auth without a colon: the exact warning', () => {
    expect(problems("auth = 'pw-only'\n")).toEqual([
      {
        severity: 'warning',
        file: 'f.conf',
        line: 3,
        key: 'client.auth',
        message: 'auth has no ":" between the client-auth id and the password, so both are sent empty',
      },
    ]);
  });

  it('keeps the valid aliases and only those', () => {
    const p = parseConfigText('[client]\nserver = "h:1"\n[interpreter-aliases]\nbad = 1\nok = "/bin/ok"\n', {
      file: 'f.conf',
      defaultDataDir: '/d',
      platform: 'linux',
    });
    expect(p.config['interpreter-aliases']).toEqual({
      ok: { path: '/bin/ok', input_encoding: '', output_encoding: '' },
    });
  });

  it('names the regexp list and item line, with the reason only (no repeated prefix)', () => {
    expect(problems("[remote-commands]\ndeny = ['ok',\n  'a(']\nallow = ['(?P<n']\n")).toEqual([
      error(
        6,
        'remote-commands.allow',
        'remote commands: allow regexp: invalid regular expression "(?P<n": Invalid regular expression: /(?<n/: Invalid capture group name',
      ),
      error(
        5,
        'remote-commands.deny',
        'remote commands: deny regexp: invalid regular expression "a(": Invalid regular expression: /a(/: Unterminated group',
      ),
    ]);
  });

  it('a backslash in a protected glob: an escape on Linux (a trailing one is refused), a separator on Windows', () => {
    const file = "[file-reception]\nprotected = ['C:\\dir\\']\n";
    expect(problems(file, 'linux')).toEqual([
      error(4, 'file-reception.protected', 'invalid glob pattern C:\\dir\\: syntax error in pattern'),
    ]);
    expect(problems(file, 'win32')).toEqual([]);
  });

  it('watchdog integration reports both missing conditions at once, and max_retry_count 0 passes', () => {
    expect(problems("[connection]\nwatchdog_integration = true\nkeep_alive = '0s'\nmax_retry_count = 1\n")).toEqual([
      error(4, 'connection.watchdog_integration', "watchdog integration requires 'keep_alive > 0'"),
      error(4, 'connection.watchdog_integration', "watchdog integration requires 'max_retry_count = -1' (=disabled)"),
    ]);
    expect(problems("[connection]\nwatchdog_integration = true\nkeep_alive = '1s'\nmax_retry_count = 0\n")).toEqual([]);
  });

  it('ip_api_url: a scheme in any case passes, no host or no // is refused', () => {
    expect(problems("ip_api_url = 'HTTPS://ip.example'\n")).toEqual([]);
    for (const url of ['http://', 'http:ip.example']) {
      expect(problems(`ip_api_url = '${url}'\n`)).toEqual([
        error(3, 'client.ip_api_url', 'invalid ip_api_url. only http(s):// supported'),
      ]);
    }
  });

  it('a card speed with a sign: +5 is 5, -0 is too low; the monitoring warning comes first', () => {
    const text = "[monitoring]\ninterval = '59s'\nnet_lan = ['eth0', '+5']\nnet_wan = ['w', '-0']\n";
    expect(problems(text)).toEqual([
      {
        severity: 'warning',
        file: 'f.conf',
        line: 4,
        key: 'monitoring.interval',
        message: '59s is below the 60s minimum; 60s is used',
      },
      error(6, 'monitoring.net_wan', 'network card max speed low: 0'),
    ]);
    const p = parseConfigText(`[client]\nserver = "h:1"\n${text}`, {
      file: 'f.conf',
      defaultDataDir: '/d',
      platform: 'linux',
    });
    expect(p.config.monitoring.net_lan).toEqual(['eth0', 5]);
    expect(p.config.monitoring.interval).toBe(60e9);
  });

  it('a proxy error names the proxy key and line', () => {
    expect(problems("name = 'n'\nproxy = 'ftp://p:1'\n")).toEqual([
      error(
        4,
        'client.proxy',
        'unsupported proxy scheme: ftp:// (only http://, socks:// and socks5h:// proxies work; write http://host:port for an HTTP proxy)',
      ),
    ]);
  });
});
