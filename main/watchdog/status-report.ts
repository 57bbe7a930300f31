// `rport-tray status` as people read it: one screen from the status file a supervisor keeps.

import type { EngineStateName } from '../shared/types/engine-types';
import type { StatusFileContent } from './status-file';

export interface StatusReport extends StatusFileContent {
  /** The supervisor process is alive (else the file is what it left behind). */
  running: boolean;
  /** The state word the UI shows: the engine's, or `failed`/`stopped` from the supervisor. */
  state: EngineStateName;
  /** The file the log is written to now (`….current.log` or the newest `….N.log`); null when none yet. */
  liveLogFile: string | null;
  /** The web UI's address (`http://127.0.0.1:8421/`, no token) while a `run --ui` serves it. */
  webUi: string | null;
  /**
   * The supervisor runs but has not rewritten the file for longer than it promises (`refreshMs`): what
   * it shows is an old snapshot (data_dir unwritable, disk full, a supervisor that hangs).
   */
  stale: boolean;
  /** When stale: since when (epoch ms of the last write) and why it is suspected, for people. */
  staleReason: string | null;
}

/** What the status file does not hold: found beside it by the reader; `now` judges staleness. */
export interface StatusExtras {
  liveLogFile?: string | null;
  webUi?: string | null;
  now?: number;
}

/** How many refresh periods may pass (and a little more) before a running supervisor's file is stale. */
const STALE_AFTER_REFRESHES = 2;
const STALE_MARGIN_MS = 5_000;

export function statusReport(content: StatusFileContent, running: boolean, extras: StatusExtras = {}): StatusReport {
  const s = content.supervisor;
  const state: EngineStateName = !running
    ? 'stopped'
    : s.phase === 'failed'
      ? 'failed'
      : s.phase === 'stopped' || s.phase === 'stopping'
        ? 'stopped'
        : (s.engine?.state ?? 'initialized');
  const age = (extras.now ?? Date.now()) - content.writtenAt;
  const stale =
    running && content.refreshMs !== undefined && age > STALE_AFTER_REFRESHES * content.refreshMs + STALE_MARGIN_MS;
  const staleReason = stale
    ? `the supervisor (pid ${content.supervisorPid}) runs but has not updated this file for ${ago(age).replace(' ago', '')} ` +
      `(it rewrites it every ${Math.round((content.refreshMs ?? 0) / 1000)} s): this is an old snapshot; ` +
      `check that ${content.dataDir} is writable and the disk is not full`
    : null;
  return {
    ...content,
    running,
    state,
    liveLogFile: extras.liveLogFile ?? null,
    webUi: running ? (extras.webUi ?? null) : null,
    stale,
    staleReason,
  };
}

const ago = (ms: number): string => {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 120 ? `${s} s ago` : s < 7200 ? `${Math.round(s / 60)} min ago` : `${Math.round(s / 3600)} h ago`;
};

export function formatStatusReport(r: StatusReport, now: number): string {
  const s = r.supervisor;
  const lines: string[] = [`RPort Tray status (${r.dataDir})`];
  const row = (label: string, value: string) => lines.push(`  ${`${label}:`.padEnd(12)} ${value}`);
  row(
    'running',
    r.running
      ? `yes (supervisor pid ${r.supervisorPid}, updated ${ago(now - r.writtenAt)})`
      : `no (supervisor pid ${r.supervisorPid} is gone; last update ${new Date(r.writtenAt).toISOString()})`,
  );
  // The engine's message belongs to the engine's state, not to a `stopped`/`failed` the supervisor decides.
  const message = s.engine?.message && s.engine.state === r.state ? ` (${s.engine.message})` : '';
  if (r.stale && r.staleReason) row('STALE', r.staleReason);
  row('state', r.state + message);
  row('phase', s.phase);
  if (s.engine?.server) row('server', `${s.engine.server.url} (${s.engine.server.role})`);
  else row('server', 'none connected');
  if (s.engine?.proxy) row('proxy', s.engine.proxy);
  if (s.engine?.lastError) row('last error', s.engine.lastError);
  row('worker pid', s.workerPid === null ? 'none' : String(s.workerPid));
  if (s.failedReason) row('failed', s.failedReason);
  if (s.nextRestartAt !== null) row('next start', new Date(s.nextRestartAt).toISOString());
  const total = s.restartCount ?? s.restarts.length;
  row('restarts', total === 0 ? 'none' : `${total} in total`);
  for (const record of s.restarts.slice(-10)) {
    lines.push(`    ${new Date(record.at).toISOString()}  ${record.text}  (${record.count} in the budget window)`);
  }
  if (r.webUi) row('web UI', `${r.webUi} (rport-tray ui-link prints a link that opens it)`);
  if (r.liveLogFile) row('log file', r.liveLogFile);
  else if (r.logFile) row('log file', `none yet (it will be ${r.logFile.replace(/(\.[^./\\]*)?$/, '.N$1')})`);
  row('config', r.configPath);
  return `${lines.join('\n')}\n`;
}
