// What the windows see, kept up to date from the supervisor's events: the status, the lists (logs,
// tunnels, remote activity, timeline, latency), and the event stream with its sequence numbers. Every
// value passes the secret scrubber on its way out.
import type { AppInfo, AppStatus, ContractEvent, Settings, Snapshot, TimelineEntry } from '../../shared/contract';
// From its own zod-free module: the contract's schemas load with the first window request (README "Memory").
import { CONTRACT_VERSION } from '../../shared/contract/version';
import type { EngineEvent, LogLevelName, LogLine } from '../../shared/types/engine-types';
import type { SupervisorEvent } from '../../watchdog/supervisor-types';
import { ActivityList } from './activity-list';
import type { DiagnosticsInput } from './diagnostics-export';
import { EventHub, type EventListener } from '../core/event-hub';
import { LatencyHistory } from './latency-history';
import { RingBuffer } from './ring-buffer';
import { SecretScrubber } from '../../shared/secrets/secret-scrubber';
import { describeTransition } from './status-transitions';
import { StatusTracker } from './status-tracker';
import { Timeline } from './timeline';
import { TunnelList } from './tunnel-list';

export interface WindowStateOptions {
  configPath: string;
  now: () => number;
  logCapacity: number;
  /** The core's own log lines, for the log sink (the supervision layer writes the engine's). */
  onOwnLog?: (line: LogLine) => void;
}

export class WindowState {
  readonly scrubber = new SecretScrubber();
  readonly tracker: StatusTracker;
  private readonly hub: EventHub;
  private readonly logs: RingBuffer<LogLine>;
  private readonly activity = new ActivityList();
  private readonly tunnels = new TunnelList();
  private readonly timeline = new Timeline();
  private readonly latency = new LatencyHistory();
  private lastStatus: AppStatus;

  constructor(private readonly options: WindowStateOptions) {
    this.hub = new EventHub(
      (event) => this.scrubber.scrub(event),
      (err) => this.log('error', 'app', `a window's event listener failed: ${String(err)}`, false),
    );
    this.logs = new RingBuffer(options.logCapacity);
    this.tracker = new StatusTracker(options.configPath);
    this.lastStatus = this.tracker.status();
  }

  subscribe(listener: EventListener): () => void {
    return this.hub.subscribe(listener);
  }

  emit(event: ContractEvent): void {
    this.hub.emit(event);
  }

  status(): AppStatus {
    return this.scrubber.scrub(this.tracker.status());
  }

  snapshot(app: AppInfo, settings: Settings): Snapshot {
    return this.scrubber.scrub({
      contractVersion: CONTRACT_VERSION,
      seq: this.hub.lastSeq,
      app,
      status: this.tracker.status(),
      tunnels: this.tunnels.list(),
      logs: this.logs.toArray(),
      activity: this.activity.list(),
      timeline: this.timeline.list(),
      latency: this.latency.list(),
      settings,
    });
  }

  /** The lists as the diagnostics export takes them. */
  diagnostics(): Pick<DiagnosticsInput, 'status' | 'logs' | 'timeline' | 'latency' | 'tunnels' | 'activity'> {
    return {
      status: this.tracker.status(),
      logs: this.logs.toArray(),
      timeline: this.timeline.list(),
      latency: this.latency.list(),
      tunnels: this.tunnels.list(),
      activity: this.activity.list(),
    };
  }

  onSupervisorEvent(event: SupervisorEvent): void {
    switch (event.type) {
      case 'engine':
        this.onEngineEvent(event.event);
        return;
      case 'supervisor':
        // A new worker process: its stream ids start again at t1 (closeTunnels covers the core's own restarts).
        if (event.status.phase === 'starting' && this.tracker.status().supervisor.phase !== 'starting') {
          this.tunnels.newEngineProcess();
        }
        this.tracker.onSupervisorStatus(event.status);
        if (event.status.phase === 'restarting' || event.status.phase === 'failed') {
          this.closeTunnels('engine restarted');
        }
        this.publishStatus();
        return;
      case 'log':
        this.pushLog(event.line);
        return;
      case 'restart':
        this.closeTunnels('engine restarted');
        // A restart the user asked for is already on the timeline; only the watchdog's own count.
        if (event.record.reason.kind !== 'requested') {
          this.tracker.onWatchdogRestart();
          const what = event.record.reason.kind.startsWith('service-') ? 'the rport service' : 'the engine';
          this.addTimeline('restart', `Watchdog restarted ${what}: ${event.record.text}`);
        }
        this.publishStatus();
        return;
    }
  }

  /** The engine process is gone (stopped or restarted): so are its tunnels. */
  closeTunnels(reason: string): void {
    if (this.tunnels.closeAll(this.options.now(), reason)) {
      this.hub.emit({ type: 'tunnels', tunnels: this.tunnels.list() });
    }
  }

  /** Emits the status, plus timeline entries for what changed since the last one. */
  publishStatus(): void {
    const next = this.tracker.status();
    for (const entry of describeTransition(this.lastStatus, next))
      this.addTimeline(entry.kind, entry.text, entry.state);
    this.lastStatus = next;
    this.hub.emit({ type: 'status', status: next });
  }

  addTimeline(kind: TimelineEntry['kind'], text: string, state: AppStatus['state'] | null = null): void {
    const entry = this.timeline.add(kind, text, this.options.now(), state);
    this.hub.emit({ type: 'timeline', entry });
  }

  /** A line of the core's own: to the sink and (normally) to the windows. */
  log(level: LogLevelName, source: string, message: string, toWindows = true): void {
    const line = this.scrubber.scrub({ at: this.options.now(), level, source, message });
    this.options.onOwnLog?.(line);
    if (toWindows) this.pushLog(line);
  }

  private onEngineEvent(event: EngineEvent): void {
    switch (event.type) {
      case 'progress':
        this.tracker.onEngineProgress(event.status, event.at, event.kind);
        if (event.kind === 'ping' && event.status.lastPingMs !== null) {
          const sample = { at: event.at, ms: event.status.lastPingMs, serverIndex: event.status.server?.index ?? null };
          this.latency.add(sample);
          this.hub.emit({ type: 'latency', sample });
        }
        this.publishStatus();
        return;
      case 'tunnel-opened':
      case 'tunnel-updated':
      case 'tunnel-closed':
        this.hub.emit({ type: 'tunnel', tunnel: this.tunnels.apply(event.tunnel, this.options.now()) });
        return;
      case 'log':
        this.pushLog(event.line);
        return;
      case 'remote-activity':
        this.activity.apply(event.activity);
        this.hub.emit({ type: 'activity', activity: event.activity });
        return;
    }
  }

  private pushLog(line: LogLine): void {
    const clean = this.scrubber.scrub(line);
    this.logs.push(clean);
    this.hub.emit({ type: 'log', line: clean });
  }
}
