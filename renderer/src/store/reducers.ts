// Pure state transitions of the window: a snapshot replaces everything, each event updates one list.
// Kept free of React and zustand so they are tested as plain functions.
import type {
  AppInfo,
  AppStatus,
  EventMessage,
  LatencySample,
  Settings,
  Snapshot,
  TimelineEntry,
} from '../../../main/shared/contract';
import type { LogLine, RemoteActivity, TunnelInfo } from './data-types';

export const LIMITS = { logs: 2000, timeline: 200, latency: 120, activity: 200, closedTunnels: 50 } as const;

export interface DataState {
  loaded: boolean;
  /** The last event folded in; older or repeated events are dropped. */
  seq: number;
  app: AppInfo | null;
  status: AppStatus | null;
  tunnels: TunnelInfo[];
  logs: LogLine[];
  /**
   * Lines dropped from the front of `logs` since the snapshot: `logsDropped + i` names line i for as long
   * as it is shown (the log view's stable row key, so a full log does not redraw every row per new line).
   */
  logsDropped: number;
  activity: RemoteActivity[];
  timeline: TimelineEntry[];
  latency: LatencySample[];
  /** Bumped by `config-changed`; the config view reloads when it is not editing. */
  configRevision: string | null;
  /** Preferences (the theme), what this mode can do, and where the password is kept. */
  settings: Settings | null;
}

export const initialDataState: DataState = {
  loaded: false,
  seq: 0,
  app: null,
  status: null,
  tunnels: [],
  logs: [],
  logsDropped: 0,
  activity: [],
  timeline: [],
  latency: [],
  configRevision: null,
  settings: null,
};

export function applySnapshot(state: DataState, snapshot: Snapshot): DataState {
  // The seq is taken as is, even when lower: a restarted app counts from zero again.
  return {
    ...state,
    loaded: true,
    seq: snapshot.seq,
    app: snapshot.app,
    status: snapshot.status,
    tunnels: snapshot.tunnels,
    logs: tail(snapshot.logs, LIMITS.logs),
    logsDropped: 0,
    activity: tail(snapshot.activity, LIMITS.activity),
    timeline: tail(snapshot.timeline, LIMITS.timeline),
    latency: tail(snapshot.latency, LIMITS.latency),
    settings: snapshot.settings,
  };
}

export function applyEvent(state: DataState, message: EventMessage): DataState {
  if (message.seq <= state.seq) return state;
  const next = { ...state, seq: message.seq };
  const event = message.event;
  switch (event.type) {
    case 'status':
      return { ...next, status: event.status };
    case 'tunnel':
      return { ...next, tunnels: upsertTunnel(state.tunnels, event.tunnel) };
    case 'tunnels':
      return { ...next, tunnels: event.tunnels };
    case 'log': {
      const logs = appendBounded(state.logs, event.line, LIMITS.logs);
      return { ...next, logs, logsDropped: state.logsDropped + state.logs.length + 1 - logs.length };
    }
    case 'activity':
      return {
        ...next,
        activity: tail([...state.activity.filter((a) => a.id !== event.activity.id), event.activity], LIMITS.activity),
      };
    case 'timeline':
      return { ...next, timeline: appendBounded(state.timeline, event.entry, LIMITS.timeline) };
    case 'latency':
      return { ...next, latency: appendBounded(state.latency, event.sample, LIMITS.latency) };
    case 'config-changed':
      return { ...next, configRevision: event.revision };
    case 'settings':
      return { ...next, settings: event.settings };
  }
}

/** Open tunnels first (newest first), then the most recently closed, at most LIMITS.closedTunnels. */
export function upsertTunnel(list: TunnelInfo[], tunnel: TunnelInfo): TunnelInfo[] {
  const others = list.filter((t) => t.id !== tunnel.id);
  const all = [tunnel, ...others];
  const open = all.filter((t) => t.closedAt === null).sort((a, b) => b.openedAt - a.openedAt);
  const closed = all
    .filter((t) => t.closedAt !== null)
    .sort((a, b) => (b.closedAt ?? 0) - (a.closedAt ?? 0))
    .slice(0, LIMITS.closedTunnels);
  return [...open, ...closed];
}

function appendBounded<T>(list: T[], item: T, limit: number): T[] {
  const next = list.length >= limit ? list.slice(list.length - limit + 1) : list.slice();
  next.push(item);
  return next;
}

function tail<T>(list: T[], limit: number): T[] {
  return list.length > limit ? list.slice(list.length - limit) : list;
}
