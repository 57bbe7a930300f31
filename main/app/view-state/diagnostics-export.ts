// "Export diagnostics": one zip with a single root folder (so extracting it cannot scatter files), holding
// the logs, the status and timeline, state.json, the config with its secrets redacted, and versions.
// Every file passes the secret scrubber last, whatever produced it.
import { strToU8, zipSync } from 'fflate';
import os from 'node:os';
import type { AppInfo, AppStatus, LatencySample, TimelineEntry } from '../../shared/contract';
import type { LogLine, RemoteActivity, TunnelInfo } from '../../shared/types/engine-types';
import type { SecretScrubber } from '../../shared/secrets/secret-scrubber';

export interface DiagnosticsInput {
  app: AppInfo;
  status: AppStatus;
  logs: LogLine[];
  timeline: TimelineEntry[];
  latency: LatencySample[];
  tunnels: TunnelInfo[];
  activity: RemoteActivity[];
  /** The config file, already redacted by the config service; null when there is none. */
  redactedConfig: string | null;
  configPath: string;
  /** `<data_dir>/state.json` as found, or null. */
  stateJson: string | null;
  now: number;
}

export interface DiagnosticsZip {
  fileName: string;
  rootFolder: string;
  data: Uint8Array;
}

export function buildDiagnosticsZip(input: DiagnosticsInput, scrubber: SecretScrubber): DiagnosticsZip {
  const stamp = new Date(input.now).toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  const rootFolder = `rport-tray-diagnostics-${stamp}`;
  const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
  const files: Record<string, string> = {
    'README.txt': readme(input),
    'versions.json': json({
      app: input.app,
      node: process.versions.node,
      electron: process.versions.electron ?? null,
      os: { platform: process.platform, release: os.release(), arch: process.arch, version: safeOsVersion() },
      exportedAt: new Date(input.now).toISOString(),
    }),
    'status.json': json(input.status),
    'timeline.json': json(input.timeline),
    'latency.json': json(input.latency),
    'tunnels.json': json(input.tunnels),
    'activity.json': json(input.activity),
    'logs.txt': input.logs.map(formatLogLine).join('\n') + '\n',
  };
  if (input.redactedConfig !== null) files['rport.conf'] = input.redactedConfig;
  if (input.stateJson !== null) files['state.json'] = input.stateJson;

  const entries: Record<string, Uint8Array> = {};
  for (const [name, content] of Object.entries(files)) {
    entries[`${rootFolder}/${name}`] = strToU8(scrubber.scrubText(content));
  }
  // Zip timestamps start in 1980; a clock before that (tests, a broken RTC) must not break the export.
  const data = zipSync(entries, { level: 6, mtime: new Date(Math.max(input.now, Date.UTC(1980, 0, 2))) });
  return { fileName: `${rootFolder}.zip`, rootFolder, data };
}

export function formatLogLine(line: LogLine): string {
  return `${new Date(line.at).toISOString()} ${line.level.toUpperCase().padEnd(5)} [${line.source}] ${line.message}`;
}

function readme(input: DiagnosticsInput): string {
  return [
    `${input.app.name} ${input.app.version} diagnostics, exported ${new Date(input.now).toISOString()}.`,
    '',
    'logs.txt       recent log lines (engine, watchdog, app)',
    'status.json    the state shown in the window, with the supervisor phase',
    'timeline.json  state changes, failovers and watchdog restarts',
    'latency.json   recent keep-alive round trips',
    'tunnels.json   open and recently closed tunnel streams',
    'activity.json  remote commands and uploads',
    `rport.conf     ${input.configPath}, with passwords replaced`,
    'state.json     the watchdog state file, if the client writes one',
    'versions.json  app, Node and OS versions',
    '',
    'Passwords and other secrets are removed from every file.',
    '',
  ].join('\n');
}

function safeOsVersion(): string | null {
  try {
    return os.version();
  } catch {
    return null;
  }
}
