// The typed surface of the tunnel engine: what the supervisor sends it and what it reports back.
// Everything here is plain data (structured-clone and JSON safe) because it crosses a process boundary.
// Secrets never appear in any of these shapes: configs sent in events are redacted first.

import type { RportConfig } from './config-types';

/**
 * The state words. The first three are the Go client's `state.json` states; the others are the app's:
 * `paused` (the user paused the client), `stopped` (the engine was asked to stop, or max_retry_count was
 * spent), `failed` (set by the supervisor when its restart budget is spent; the engine never reports it).
 */
export type EngineStateName = 'initialized' | 'connected' | 'reconnecting' | 'paused' | 'stopped' | 'failed';

export type ServerRole = 'primary' | 'fallback';

/** A server from the config: index 0 is `server`, 1.. are `fallback_servers` in order. */
export interface ServerRef {
  index: number;
  url: string;
  role: ServerRole;
}

export interface ServerStatus extends ServerRef {
  /** The outcome of the last dial to this server. */
  lastResult: 'ok' | 'error' | null;
  lastError: string | null;
  lastTriedAt: number | null;
  /** Time of the last dial (WS + SSH) or ping round trip to this server, in ms; null after a failed dial. */
  lastLatencyMs: number | null;
  /**
   * What kind of failure the last dial was, when it failed: the server refused the credentials (`auth`),
   * its key did not match `fingerprint`, or anything else (`other`); null after a success. Optional only so
   * that older producers of this shape stay valid; the engine always sets it.
   */
  lastFailure?: 'auth' | 'fingerprint' | 'other' | null;
  /** The last successful dial's time (WebSocket + SSH + auth), ms. Optional as `lastFailure`. */
  lastDialMs?: number | null;
  /** The round trip of the last keep-alive ping while connected to this server, ms. Optional as `lastFailure`. */
  lastPingMs?: number | null;
}

/**
 * Who this machine is to rportd: the `ID` and `Name` its `new_connection` request carries (§3.2, §3.3),
 * and where each came from. `clientId` '' means the request had none and the server chose one.
 */
export interface ClientIdentity {
  clientId: string;
  idSource: 'config' | 'machine-id' | 'server';
  name: string;
  nameSource: 'config' | 'hostname' | 'none';
}

export interface EngineStatus {
  state: EngineStateName;
  /** The same text the Go client writes as `last_message` (e.g. `Retrying in 5s...`). */
  message: string;
  /** The server connected to, or null when not connected. */
  server: ServerRef | null;
  servers: ServerStatus[];
  /** Epoch ms when the current connection completed `new_connection`. */
  connectedSince: number | null;
  /** Round trip of the last successful keep-alive ping, ms. */
  lastPingMs: number | null;
  /** While reconnecting: the announced wait before the next attempt, ms. */
  retryInMs: number | null;
  /** Failed attempts since the last successful connection. */
  attempt: number;
  /** While on a fallback: epoch ms of the next switchback probe to the primary. */
  switchbackAt: number | null;
  /** The last connection error, for display (never holds a secret). */
  lastError: string | null;
  /** True while the user has blocked remote commands from the tray. */
  remoteCommandsBlocked: boolean;
  /**
   * Why the engine cannot write under `data_dir` right now (it cannot be created, or `state.json`
   * cannot be written: not a directory, disk full, …), or null while it is fine. Checked when a run
   * starts and on every `state.json` write; the engine keeps running either way. A change is announced
   * by a `data-dir` progress event and logged once when it starts and once when it clears. Optional
   * only so that older producers of this shape stay valid; the engine always sets it.
   */
  dataDirProblem?: string | null;
  /**
   * The proxy of the last dial and where it came from, without credentials: `http://proxy:3128 (from
   * HTTPS_PROXY)`, `… (from rport.conf)`, `… (system proxy)`; null for a direct connection. Optional only
   * so that older producers of this shape stay valid.
   */
  proxy?: string | null;
  /**
   * The identity sent in `new_connection` on the last connection attempt of this run (null before the first
   * one). Optional only so that older producers of this shape stay valid.
   */
  identity?: ClientIdentity | null;
}

/**
 * What made the engine report: the supervisor's watchdog counts these as heartbeats. They are real
 * progress (a connection, a successful ping, a retry, a dial) and never a timer of their own.
 * `data-dir`: `dataDirProblem` started, changed or cleared (found by a state write, which itself only
 * follows real progress). `switchback-scheduled`: on a fallback, the next probe of the primary was set
 * (`switchbackAt`), right after the connect or a failed probe.
 */
export type ProgressKind =
  | 'started'
  | 'dialing'
  | 'connected'
  | 'ping'
  | 'retry'
  | 'switchback-probe'
  | 'switchback-scheduled'
  | 'paused'
  | 'resumed'
  | 'stopped'
  | 'data-dir';

export interface TunnelInfo {
  /** Unique per engine process. */
  id: string;
  protocol: 'tcp' | 'udp';
  /** `host:port` the server asked for (IPv6 in brackets). */
  target: string;
  openedAt: number;
  closedAt: number | null;
  /** Bytes from the server to the target. */
  bytesIn: number;
  /** Bytes from the target back to the server. */
  bytesOut: number;
  /** Why it closed, if it did. */
  closeReason: string | null;
}

export type LogLevelName = 'error' | 'warn' | 'info' | 'debug';

export interface LogLine {
  at: number;
  level: LogLevelName;
  /** Where it came from, e.g. `engine`, `watchdog`, `config`. */
  source: string;
  message: string;
}

/** A remote command or upload the server asked for, listed in the window for transparency. */
export interface RemoteActivity {
  id: string;
  kind: 'command' | 'script' | 'upload';
  at: number;
  /** What was asked: the command line, or the destination path of an upload. */
  summary: string;
  outcome: 'refused' | 'running' | 'successful' | 'failed' | 'unknown' | 'ignored';
  detail: string | null;
  /** Who asked for it on the server (the job's `created_by`), when the server says. */
  initiator?: string | null;
  /** How long it ran, once it finished (or stopped being observed), ms. */
  durationMs?: number | null;
  /** The end of its output (stdout, then stderr), for the window; capped. */
  output?: string | null;
}

export type EngineEvent =
  | { type: 'progress'; kind: ProgressKind; status: EngineStatus; at: number }
  | { type: 'tunnel-opened'; tunnel: TunnelInfo }
  | { type: 'tunnel-updated'; tunnel: TunnelInfo }
  | { type: 'tunnel-closed'; tunnel: TunnelInfo }
  | { type: 'log'; line: LogLine }
  | { type: 'remote-activity'; activity: RemoteActivity };

export interface EngineStartOptions {
  config: RportConfig;
  /** Where the config came from (for log lines and `state.json` is not affected). */
  configPath: string;
  /**
   * The client password when it is kept in the OS keychain and not in the file; replaces the part of
   * `auth` after the first `:`. Held in memory only.
   */
  passwordOverride?: string;
  /** Reused across worker restarts so rportd accepts the reconnect as the same session (§3.2). */
  sessionId: string;
  /** Keys an administrator's policy pins; the engine refuses to apply a change of them. */
  lockedKeys?: string[];
  remoteCommandsBlocked?: boolean;
  /**
   * The desktop app's "use the system proxy": the OS's proxy (PAC included) for each server entry as
   * written in the config (`server`, each of `fallback_servers`), resolved by the Electron main process;
   * '' = the OS says direct. Used only while `[client] proxy` is empty (main/engine/proxy-choice.ts).
   */
  systemProxies?: Record<string, string>;
}

/** Commands the supervisor sends to the engine worker. */
export type EngineCommand =
  | { type: 'start'; options: EngineStartOptions }
  | { type: 'stop' }
  | { type: 'pause' }
  | { type: 'resume' }
  /** Connect to this server now (index into [server, ...fallback_servers]); 0 = back to the primary. */
  | { type: 'switch-server'; index: number }
  | { type: 'block-remote-commands'; blocked: boolean }
  /**
   * A config change that needs no new connection (main/config/effective-config-diff.ts decides): the
   * engine applies it without touching the connection or its open tunnels (main/engine/live-config.ts).
   */
  | { type: 'update-config'; config: RportConfig }
  /** Honoured only when the worker runs with RPORT_TRAY_TEST_FAULTS=1 (tests). */
  | { type: 'test-fault'; fault: EngineTestFault };

/**
 * `block-loop`: busy-loop forever (event loop blocked); `stall`: keep running but stop making progress
 * (no reconnects, no pings, no events); `crash`: exit with code 70; `throw`: throw an uncaught error.
 */
export type EngineTestFault = 'block-loop' | 'stall' | 'crash' | 'throw';

/** Messages from the worker to the supervisor. */
export type WorkerMessage =
  /** `heartbeatMs`: the worker sends `alive` this often (main/watchdog/worker-heartbeat.ts); absent: never. */
  | { type: 'ready'; pid: number; version: string; heartbeatMs?: number }
  | { type: 'event'; event: EngineEvent }
  | { type: 'fatal'; message: string }
  /** The worker's event loop runs (a sign of life independent of the engine's progress). */
  | { type: 'alive' };

/** The engine as the worker entry drives it (in-process API). */
export interface Engine {
  start(options: EngineStartOptions): void;
  stop(): Promise<void>;
  pause(): void;
  resume(): void;
  switchServer(index: number): void;
  setRemoteCommandsBlocked(blocked: boolean): void;
  /** Applies a config change that needs no new connection (optional: test doubles may leave it out). */
  updateConfig?(config: RportConfig): void;
  status(): EngineStatus;
  on(listener: (event: EngineEvent) => void): () => void;
}
