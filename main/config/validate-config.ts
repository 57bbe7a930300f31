// The Go client's ParseAndValidate (docs/protocol.md §8.3), in its order and with its messages. Go stops
// at the first error; here every problem is reported (in that order) so the user can fix them all at once.
// Also applies Go's fix-ups to the config: max_retry_interval < 1s → 5m, monitoring interval ≥ 60s.
// Steps 2, 3 and 5 (servers, tunnel_allowed, remotes) are the effective config's resolution
// (effective-config.ts), the very function the engine runs at start.
import type { ConfigProblem, NetworkCard, RportConfig } from '../shared/types/config-types';
import type { ConfigPlatform } from './defaults';
import type { KeyPositions } from './toml-source';
import type { RawValues } from './decode-config';
import { configError, configWarning } from './problems';
import { goQuote, goSlice } from '../shared/go/quote';
import { parseProxyUrl } from './rules/proxy-url';
import { goParseUrl } from '../shared/go/url';
import { resolveEffectiveConfig, type EffectiveConfigProblem, type ResolvedHosts } from './effective-config';
import { fixedMaxRetryInterval, fixedMonitoringInterval, MONITORING_MIN_INTERVAL } from './rules/duration-fixups';
import { decodeInterpreterAlias } from './interpreter-aliases';
import { restartPolicyProblems } from './rules/restart-policy';
import { goRegexp } from '../shared/go/regexp';
import { goGlobToRegExp } from '../shared/go/glob';
import { formatGoDuration } from '../shared/go/duration';

export interface ValidateContext {
  file: string;
  positions: KeyPositions;
  present: ReadonlySet<string>;
  platform: ConfigPlatform;
  /** Without it, remotes naming a host (not an IP) are not checked against tunnel_allowed here. */
  resolvedHosts?: ResolvedHosts;
}

/** Go's models.DecodeCard. */
function decodeCard(card: string[]): NetworkCard | Error {
  if (card.length !== 2) return new Error('network card description illegal');
  const [name, speedText] = card as [string, string];
  if (name === '') return new Error('network card device name missing');
  if (speedText === '') return new Error('network card max speed missing');
  if (!/^[+-]?\d+$/.test(speedText)) return new Error(`network card max speed illegal: ${speedText}`);
  const speed = Number(speedText);
  if (speed < 1) return new Error(`network card max speed low: ${speed}`);
  return [name, speed];
}

/** Why the engine cannot use a Go RE2 pattern (main/shared/go/regexp.ts), or null. */
function regexpError(pattern: string): string | null {
  try {
    goRegexp(pattern);
    return null;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return message.replace(/^cannot use regular expression ".*?": /s, '');
  }
}

/** Go's ErrBadPattern text when the engine's glob compiler rejects a protected pattern, or null. */
function globError(pattern: string, platform: ConfigPlatform): string | null {
  try {
    goGlobToRegExp(pattern, { windows: platform === 'win32' });
    return null;
  } catch {
    return 'syntax error in pattern';
  }
}

export function validateConfig(config: RportConfig, raw: RawValues, ctx: ValidateContext): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const line = (dotted: string): number | null => ctx.positions.lineOf(dotted);
  const item = (dotted: string, index: number): number | null => ctx.positions.itemLine(dotted, index);
  const error = (dotted: string, at: number | null, message: string) =>
    problems.push(configError(ctx.file, at, dotted, message));
  const warn = (dotted: string, at: number | null, message: string) =>
    problems.push(configWarning(ctx.file, at, dotted, message));
  const { client, connection } = config;

  const resolved = resolveEffectiveConfig(config, ctx.resolvedHosts);
  const report = (keys: readonly EffectiveConfigProblem['key'][]): void => {
    for (const p of resolved.problems) {
      if (!keys.includes(p.key)) continue;
      const at = p.index === null ? line(p.key) : item(p.key, p.index);
      problems.push((p.severity === 'error' ? configError : configWarning)(ctx.file, at, p.key, p.message));
    }
  };
  // 1. headers, 2. server, 3. fallback servers (and 5. below): the engine's own resolution.
  report(['connection.headers', 'client.server', 'client.fallback_servers']);

  // 4. proxy: the engine's own rule (rules/proxy-url.ts)
  if (client.proxy !== '') {
    const r = parseProxyUrl(client.proxy);
    if (!r.ok) error('client.proxy', line('client.proxy'), r.error);
  }

  // 5. tunnels: tunnel_allowed entries, then each remote
  report(['client.tunnel_allowed', 'client.remotes']);

  // 6. interpreter aliases (in file order)
  const aliases = [...raw.aliases.values()].sort(
    (a, b) => (line(`interpreter-aliases.${a.name}`) ?? 0) - (line(`interpreter-aliases.${b.name}`) ?? 0),
  );
  config['interpreter-aliases'] = {};
  for (const { name, value } of aliases) {
    const decoded = decodeInterpreterAlias(name, value);
    const dotted = `interpreter-aliases.${name}`;
    if (decoded instanceof Error) error(dotted, line(dotted), decoded.message);
    else config['interpreter-aliases'][name] = decoded;
  }

  // 7. max_retry_interval fix-up
  connection.max_retry_interval = fixedMaxRetryInterval(connection.max_retry_interval);

  // 8. data_dir
  if (client.data_dir === '')
    error('client.data_dir', line('client.data_dir'), "'data directory path' cannot be empty");

  // 9. remote commands
  const rc = config['remote-commands'];
  if (rc.send_back_limit < 0) {
    error(
      'remote-commands.send_back_limit',
      line('remote-commands.send_back_limit'),
      `remote commands: send back limit can not be negative: ${rc.send_back_limit}`,
    );
  }
  for (const which of ['allow', 'deny'] as const) {
    rc[which].forEach((pattern, i) => {
      const reason = regexpError(pattern);
      if (reason !== null) {
        error(
          `remote-commands.${which}`,
          item(`remote-commands.${which}`, i),
          `remote commands: ${which} regexp: invalid regular expression ${goQuote(pattern)}: ${reason}`,
        );
      }
    });
  }
  if (raw.order !== null) {
    const [a, b] = raw.order;
    if ((a === 'allow' && b === 'deny') || (a === 'deny' && b === 'allow'))
      rc.order = [a, b] as RportConfig['remote-commands']['order'];
    else
      error(
        'remote-commands.order',
        line('remote-commands.order'),
        `remote commands: invalid order: ${goSlice(raw.order)}`,
      );
  }

  // 10. auth split: never an error in Go, but without ':' both id and password are empty.
  if (client.auth !== '' && !client.auth.includes(':')) {
    warn(
      'client.auth',
      line('client.auth'),
      'auth has no ":" between the client-auth id and the password, so both are sent empty',
    );
  }

  // 11. remote scripts
  if (config['remote-scripts'].enabled && !rc.enabled) {
    error(
      'remote-scripts.enabled',
      line('remote-scripts.enabled'),
      'remote scripts execution requires remote commands to be enabled',
    );
  }

  // 12. monitoring
  const mon = config.monitoring;
  if (mon.interval < MONITORING_MIN_INTERVAL) {
    if (ctx.present.has('monitoring.interval')) {
      warn(
        'monitoring.interval',
        line('monitoring.interval'),
        `${formatGoDuration(mon.interval)} is below the 60s minimum; 60s is used`,
      );
    }
    mon.interval = fixedMonitoringInterval(mon.interval);
  }
  for (const [key, card] of [
    ['net_lan', raw.netLan],
    ['net_wan', raw.netWan],
  ] as const) {
    if (card === null || card.length === 0) continue;
    const decoded = decodeCard(card);
    if (decoded instanceof Error) error(`monitoring.${key}`, line(`monitoring.${key}`), decoded.message);
    else mon[key] = decoded;
  }

  // 13. file reception globs
  config['file-reception'].protected.forEach((pattern, i) => {
    const e = globError(pattern, ctx.platform);
    if (e)
      error('file-reception.protected', item('file-reception.protected', i), `invalid glob pattern ${pattern}: ${e}`);
  });

  // 14. watchdog
  if (connection.watchdog_integration) {
    const at = line('connection.watchdog_integration');
    if (connection.keep_alive === 0)
      error('connection.watchdog_integration', at, "watchdog integration requires 'keep_alive > 0'");
    if (connection.max_retry_count > 0) {
      error('connection.watchdog_integration', at, "watchdog integration requires 'max_retry_count = -1' (=disabled)");
    }
  }

  // 15. ip_api_url
  if (client.ip_api_url !== '') {
    const r = goParseUrl(client.ip_api_url);
    if (!r.ok || (r.url.scheme !== 'http' && r.url.scheme !== 'https') || r.url.host === '') {
      error('client.ip_api_url', line('client.ip_api_url'), 'invalid ip_api_url. only http(s):// supported');
    }
  }

  // RPort Tray's own [watchdog] (after Go's checks): the supervisor's restart policy, within sane bounds.
  for (const p of restartPolicyProblems(config.watchdog)) error(p.key, line(p.key), p.message);
  return problems;
}
