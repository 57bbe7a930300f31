// The supervisor under a fake clock with an in-memory worker host (supervisor*.test.ts): the policy and
// config whose deadlines the tests count on, and shortcuts to read what it emitted.
import { defaultConfig, seconds } from '../../../main/config/defaults';
import type { RportConfig } from '../../../main/shared/types/config-types';
import type { LogLine } from '../../../main/shared/types/engine-types';
import { createSupervisor } from '../../../main/watchdog/supervisor';
import type { Supervisor, SupervisorEvent, SupervisorStatus } from '../../../main/watchdog/supervisor-types';
import type { WatchdogPolicyOverrides } from '../../../main/watchdog/watchdog-policy';
import { FakeTime } from './fake-time';
import { FakeWorkerHost } from './fake-worker-host';

export const TIMING = { dialTimeoutMs: 3_000, handshakeReplyTimeoutMs: 0, keepAliveExtraMs: 0 };
// Deadlines with this config and policy: connected 2 + 1 + 0 + 1 = 4 s; starting 5 s.
export const POLICY: WatchdogPolicyOverrides = {
  slackMs: 1_000,
  startupTimeoutMs: 5_000,
  stopGraceMs: 500,
  backoff: { initialMs: 200, factor: 2, maxMs: 1_000 },
  budget: { burst: 3, intervalMs: 60_000 },
  resumeGraceMs: 10_000,
  clockCheckIntervalMs: 1_000,
  clockJumpThresholdMs: 3_000,
};

export function config(fallbacks: string[] = []): RportConfig {
  const c = defaultConfig('/tmp/unused');
  c.client.server = 'ws://127.0.0.1:1';
  c.client.fallback_servers = fallbacks;
  c.connection.keep_alive = seconds(2);
  c.connection.keep_alive_timeout = seconds(1);
  return c;
}

const created: Supervisor[] = [];

/** For `afterEach`: disposes every supervisor `setup` made. */
export function disposeAll(): void {
  for (const s of created.splice(0)) s.dispose();
}

export function setup(policy: WatchdogPolicyOverrides = POLICY, detectClockJumps = false) {
  const time = new FakeTime();
  const host = new FakeWorkerHost();
  const events: SupervisorEvent[] = [];
  const s = createSupervisor({ host, engineTiming: TIMING, policy, clock: time, timers: time, detectClockJumps });
  created.push(s);
  s.on((e) => events.push(e));
  const restarts = () => events.flatMap((e) => (e.type === 'restart' ? [e.record] : []));
  const logLines = (): LogLine[] => events.flatMap((e) => (e.type === 'log' ? [e.line] : []));
  const logs = (): string[] => logLines().map((l) => l.message);
  const statuses = (): SupervisorStatus[] => events.flatMap((e) => (e.type === 'supervisor' ? [e.status] : []));
  return { time, host, s, events, restarts, logLines, logs, statuses };
}

export type Ctx = ReturnType<typeof setup>;

/** Starts and brings the first worker to `connected`. */
export async function connected(ctx: Ctx, fallbacks: string[] = []): Promise<void> {
  ctx.s.start({ config: config(fallbacks), configPath: '/etc/rport.conf', sessionId: 'session-1' });
  ctx.host.current.ready();
  ctx.host.current.progress('started', { state: 'initialized' });
  ctx.host.current.progress('connected', { state: 'connected' });
  await ctx.time.advance(0);
}
