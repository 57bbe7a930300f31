// The watched service's rport.conf, read with the rules the app reads its own with (parse-config.ts:
// the Go client's defaults, fix-ups and validation, main/config), and judged for what a watchdog needs:
// the timings that bound state.json's silences, where state.json is, and whether the file can say
// anything at all (watchdog_integration on, max_retry_count off, keep_alive on: docs/protocol.md §7.1).
// The app's own policy does not apply: the Go service does not read it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { goServiceDataDir } from '../../config/app-paths';
import { currentPlatform, defaultConfig, type ConfigPlatform } from '../../config/defaults';
import { parseConfigText } from '../../config/parse-config';
import { formatProblem } from '../../config/problems';
import { STATE_FILE_NAME } from '../../engine/state-file';
import { formatGoDuration } from '../../shared/go/duration';
import type { RportConfig } from '../../shared/types/config-types';
import type { ServiceProblem } from '../../shared/types/service-watch-types';
import type { ServiceTimingFacts } from './go-client-timing';

export interface ServiceConfigReading {
  file: string;
  /** The file's text; null when it could not be read. */
  text: string | null;
  /** What the service runs with: the file over Go's defaults (the defaults alone when unreadable). */
  config: RportConfig;
  facts: ServiceTimingFacts;
  /** `<data_dir>/state.json` as the file says; null when the file could not be read. */
  stateFile: string | null;
  problems: ServiceProblem[];
  /** A setting under which state.json says nothing a watchdog can judge (integration off, ...). */
  blocksJudging: boolean;
}

export interface ServiceConfigOptions {
  platform?: ConfigPlatform;
  read?: (file: string) => Promise<string>;
}

export async function readServiceConfig(
  file: string,
  options: ServiceConfigOptions = {},
): Promise<ServiceConfigReading> {
  const read = options.read ?? ((f: string) => readFile(f, 'utf8'));
  try {
    return judgeServiceConfigText(await read(file), file, options.platform);
  } catch (err) {
    return unreadableServiceConfig(file, (err as Error).message, options.platform);
  }
}

/** What a watchdog can make of the service's config text. */
export function judgeServiceConfigText(
  text: string,
  file: string,
  platform: ConfigPlatform = currentPlatform(),
): ServiceConfigReading {
  const parsed = parseConfigText(text, { file, defaultDataDir: goServiceDataDir(platform), platform });
  const { config } = parsed;
  const { connection } = config;
  const problems: ServiceProblem[] = [];
  const firstError = parsed.problems.find((p) => p.severity === 'error');
  if (firstError) {
    problems.push({
      message: `${file} has errors (${formatProblem(firstError)}): the rport client refuses to start with it`,
      fix: `fix it in the Config view, or see every problem with \`rport-tray check --config ${file}\``,
    });
  }
  let blocksJudging = false;
  if (!connection.watchdog_integration) {
    blocksJudging = true;
    problems.push({
      message: `watchdog_integration is off in ${file}: the service does not write state.json, so its health cannot be judged`,
      fix: 'set `watchdog_integration = true` in [connection] (it needs keep_alive on and max_retry_count = -1), then restart the service',
    });
  }
  if (connection.max_retry_count >= 0) {
    blocksJudging = true;
    problems.push({
      message:
        `max_retry_count = ${connection.max_retry_count} in ${file}: the client exits after ` +
        `${connection.max_retry_count} retries, and state.json then stands still on purpose`,
      fix: 'set `max_retry_count = -1` in [connection]',
    });
  }
  if (connection.keep_alive <= 0) {
    blocksJudging = true;
    problems.push({
      message: `keep_alive is off in ${file}: a connected client never updates state.json`,
      fix: `set \`keep_alive = "${formatGoDuration(180e9)}"\` (or any interval) in [connection]`,
    });
  }
  const p = platform === 'win32' ? path.win32 : path.posix;
  return {
    file,
    text,
    config,
    facts: timingFacts(config),
    stateFile: p.join(config.client.data_dir, STATE_FILE_NAME),
    problems,
    blocksJudging,
  };
}

function unreadableServiceConfig(
  file: string,
  error: string,
  platform: ConfigPlatform = currentPlatform(),
): ServiceConfigReading {
  const config = defaultConfig(goServiceDataDir(platform), platform);
  return {
    file,
    text: null,
    config,
    facts: timingFacts(config),
    stateFile: null,
    problems: [
      {
        message: `cannot read ${file} (${error}): the service is judged with the Go client's default timings`,
        fix:
          'let this user read the file (it holds the client password: see the README on watching a service), ' +
          'or give a fixed threshold',
      },
    ],
    blocksJudging: false,
  };
}

function timingFacts(config: RportConfig): ServiceTimingFacts {
  return {
    keepAliveMs: config.connection.keep_alive / 1e6,
    keepAliveTimeoutMs: config.connection.keep_alive_timeout / 1e6,
    maxRetryIntervalMs: config.connection.max_retry_interval / 1e6,
    fallbackCount: config.client.fallback_servers.length,
  };
}
