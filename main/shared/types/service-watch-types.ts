// An installed rport service as the app watches it (issue 17): what its state.json says, what the OS
// service manager says, how the watchdog judges it and what it did about it. The service watcher
// (main/watchdog/service/) produces it; the UI contract's schema checks itself against it.

/** `last_state` of state.json (docs/protocol.md §7.3). */
export type ServiceStateName = 'initialized' | 'connected' | 'reconnecting';

/** Which OS service manager is asked (or the commands an administrator configured). */
export type ServiceManagerKind = 'systemd' | 'windows' | 'launchd' | 'command';

/** What the service manager says about the service. */
export type ServiceRunState = 'running' | 'starting' | 'stopping' | 'stopped' | 'not-installed' | 'unknown';

/**
 * The watchdog's judgement: `healthy` (state.json fresh), `stale` (older than its deadline), `stopped`
 * (the service manager says it is not running), `restarting` (a restart was made and the service has not
 * written state.json since), `unjudged` (nothing to judge by: no readable state.json, or a configuration
 * under which the file says nothing; `problems` say why and how to fix it).
 */
export type ServiceHealth = 'healthy' | 'stale' | 'stopped' | 'restarting' | 'unjudged';

export interface ServiceProblem {
  /** What is wrong, naming the file or key. */
  message: string;
  /** What to do about it; null when there is nothing the user can do. */
  fix: string | null;
}

export interface ServiceRestartEntry {
  /** Epoch ms. */
  at: number;
  /** Why, for people: `state.json not updated for 612 s while connected (deadline 311 s)`. */
  text: string;
  /** Restarts in the budget window, this one included (0 for a requested one). */
  count: number;
  /** The restart command failed (its error is in `text`). */
  failed: boolean;
}

export interface ServiceWatchView {
  /** The service's name for its manager: `rport` (systemd unit `rport.service`, launchd `system/rport`). */
  serviceName: string;
  manager: ServiceManagerKind;
  /** The command a restart runs, as shown to people (and in the README's elevation notes). */
  restartCommand: string;
  configPath: string;
  /** Null while unknown (the config names no readable data_dir and no path was given). */
  stateFile: string | null;
  running: ServiceRunState;
  /** The manager's own words: `systemctl: inactive`, `sc: 4 RUNNING`. */
  runningDetail: string;
  lastState: ServiceStateName | null;
  lastMessage: string | null;
  /** Epoch ms of `last_update_ts`. */
  lastUpdateAt: number | null;
  health: ServiceHealth;
  /** One line on the judgement: `state.json updated 12 s ago; stale after 311 s while connected`. */
  healthText: string;
  /** The silence allowed in the current state, ms; null when not judged. */
  deadlineMs: number | null;
  /** Why the watchdog cannot judge (or judges with less than it should), each with its fix. */
  problems: ServiceProblem[];
  /** The newest restarts, oldest first (bounded; `restartCount` has the total). */
  restarts: ServiceRestartEntry[];
  restartCount: number;
  /** Set when the restart budget is spent: the watchdog no longer restarts the service until Retry. */
  failedReason: string | null;
  /** At most `burst` restarts within `intervalMs`; beyond it the watchdog gives up until Retry. */
  budget: { burst: number; intervalMs: number };
  /** Epoch ms of the last check. */
  checkedAt: number | null;
}
