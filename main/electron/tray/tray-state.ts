// Which of the six tray states the app is in, derived from the engine's status and the supervisor's phase.
// Pure: no Electron. The tray icon, tooltip, menu and notifications all read this one derivation, so they
// can never disagree about what the app is doing.

import type { AppStatus } from '../../shared/contract';
import type { EngineStatus, ServerRef } from '../../shared/types/engine-types';
import type { SupervisorPhase } from '../../watchdog/supervisor-types';
import { serviceStateLine, serviceSummary, type ServiceSummary } from './service-tray';

export type TrayState = 'starting' | 'connected-primary' | 'connected-fallback' | 'reconnecting' | 'paused' | 'failed';

export const TRAY_STATES: readonly TrayState[] = [
  'starting',
  'connected-primary',
  'connected-fallback',
  'reconnecting',
  'paused',
  'failed',
];

/** What the desktop layer knows at one moment; null parts are not known yet (app start). */
export interface DesktopSnapshot {
  engine: EngineStatus | null;
  supervisor: { phase: SupervisorPhase; failedReason: string | null } | null;
  /** No config yet: the window shows the first-start setup. */
  setupNeeded?: boolean;
  /** Why no engine runs although one should (e.g. the config has errors). */
  notRunningReason?: string | null;
  /** Epoch ms of the engine's report the snapshot holds (its `retryInMs` counts from then). */
  reportedAt?: number | null;
  /** Service mode (issue 17): the app follows the rport service installed here, not an engine of its own. */
  service?: ServiceSummary | null;
}

export function trayStateOf(snapshot: DesktopSnapshot): TrayState {
  const { engine, supervisor } = snapshot;
  // Waiting for the user to set up is idle, not broken: the paused look, with its own state line.
  if (snapshot.setupNeeded) return 'paused';
  if (snapshot.notRunningReason) return 'failed';
  if (supervisor?.phase === 'failed') return 'failed';
  // A worker being (re)spawned has no connection of its own yet, whatever its predecessor last said.
  if (supervisor?.phase === 'starting' || supervisor?.phase === 'restarting') return 'starting';
  if (!engine) return 'starting';
  switch (engine.state) {
    case 'initialized':
      return 'starting';
    case 'connected':
      return engine.server?.role === 'fallback' ? 'connected-fallback' : 'connected-primary';
    case 'reconnecting':
      return 'reconnecting';
    case 'paused':
      return 'paused';
    // `stopped` while the app runs means max_retry_count was spent: the client gave up, as in failed.
    case 'stopped':
    case 'failed':
      return 'failed';
  }
}

/**
 * `host[:port]` of a server URL for display: never the scheme's userinfo (a URL may carry credentials)
 * nor the path. Falls back to the raw text without anything before an `@` when the URL does not parse.
 */
export function serverLabel(server: Pick<ServerRef, 'url'>): string {
  try {
    const url = new URL(server.url);
    if (url.host) return url.host;
  } catch {
    // not a URL: handled below
  }
  const raw = server.url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  return raw.slice(raw.lastIndexOf('@') + 1).split('/')[0] ?? raw;
}

export function roleLabel(server: Pick<ServerRef, 'role' | 'index'>): string {
  return server.role === 'primary' ? 'primary' : `fallback ${server.index}`;
}

/** The first line of the menu and of the tooltip: what the app is doing, in words. */
export function stateLine(snapshot: DesktopSnapshot): string {
  const line = engineStateLine(snapshot);
  return snapshot.service ? serviceStateLine(snapshot.service, snapshot.supervisor?.phase ?? null, line) : line;
}

function engineStateLine(snapshot: DesktopSnapshot): string {
  const state = trayStateOf(snapshot);
  const { engine, supervisor } = snapshot;
  switch (state) {
    case 'starting':
      return supervisor?.phase === 'restarting' ? 'Restarting the engine…' : 'Starting…';
    case 'connected-primary':
    case 'connected-fallback': {
      const server = engine?.server;
      return server ? `Connected to ${serverLabel(server)} (${roleLabel(server)})` : 'Connected';
    }
    case 'reconnecting': {
      const wait = engine?.retryInMs;
      if (wait == null || wait <= 0) return 'Reconnecting…';
      // The menu and tooltip are redrawn only when the engine reports again, so a countdown would stand
      // still between reports: say when instead, which stays true until the next report.
      if (snapshot.reportedAt != null) return `Reconnecting (next try at ${clockTime(snapshot.reportedAt + wait)})`;
      return `Reconnecting (next try in ${formatSeconds(wait)})`;
    }
    case 'paused':
      return snapshot.setupNeeded ? 'Not set up yet: open the window to set up' : 'Paused';
    case 'failed':
      if (snapshot.notRunningReason) return `Not running: ${snapshot.notRunningReason}`;
      if (supervisor?.phase === 'failed') return `Failed: ${supervisor.failedReason ?? 'the engine keeps crashing'}`;
      return engine?.lastError ? `Stopped: ${engine.lastError}` : 'Stopped';
  }
}

/** `14:03:22` in the user's locale, 24-hour. */
export function clockTime(at: number): string {
  return new Date(at).toLocaleTimeString(undefined, { hour12: false });
}

export function formatSeconds(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  const rest = s % 60;
  return rest === 0 ? `${m} min` : `${m} min ${rest} s`;
}

/** The desktop snapshot from the app core's status (the `status` contract event). */
export function snapshotFromStatus(status: AppStatus): DesktopSnapshot {
  // A plain `Stopped` is the gap between two engine runs (a saved config restarts it), not a problem.
  const idle =
    status.supervisor.phase === 'stopped' &&
    status.engine === null &&
    !status.setupNeeded &&
    status.message !== '' &&
    status.message !== 'Stopped';
  return {
    engine: status.engine,
    supervisor: { phase: status.supervisor.phase, failedReason: status.supervisor.failedReason },
    setupNeeded: status.setupNeeded,
    reportedAt: status.lastUpdateAt,
    service: status.service ? serviceSummary(status.service) : null,
    // The core reports `stopped` with a reason when it would not start the engine (a config with errors).
    notRunningReason: idle && status.state === 'stopped' ? status.message : null,
  };
}
