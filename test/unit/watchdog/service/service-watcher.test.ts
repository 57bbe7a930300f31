// The service watcher's decisions with a fake service manager and a state.json the test writes: fresh,
// stale while connected, stale while reconnecting, missing, unreadable, bad JSON, a clock in the future,
// a stopped service; each gives its state, its notice and its restart decision, and no restart goes
// beyond the budget. Checks are run one by one on a fake clock (the file reads are real).
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { renderStateFile, type WatchdogState } from '../../../../main/engine/state-file';
import { ServiceWatcher } from '../../../../main/watchdog/service/service-watcher';
import { serviceNotices, type ServiceNotice } from '../../../../main/watchdog/service/service-notices';
import type { ServiceWatchPolicyOverrides } from '../../../../main/watchdog/service/service-watch-policy';
import type { SupervisorEvent } from '../../../../main/watchdog/supervisor-types';
import type { ServiceWatchView } from '../../../../main/shared/types/service-watch-types';
import { FakeServiceManager } from '../../../support/service-manager/fake-service-manager';
import { FakeTime } from '../fake-time';

const root = mkdtempSync(path.join(tmpdir(), 'rport-tray-watch-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// keep_alive 1m, keep_alive_timeout 10s, margin 10 s: connected deadline 60 + 5 + 3 × 10 + 6 + 10 = 111 s.
// Reconnecting after `Retrying in 20s...`: 20 + (300 + 10 + 90) + 10 = 430 s.
const CONNECTED_DEADLINE = 111_000;
const RECONNECTING_DEADLINE = 430_000;
const POLICY: ServiceWatchPolicyOverrides = {
  marginMs: 10_000,
  startupGraceMs: 30_000,
  backoff: { initialMs: 30_000, factor: 2, maxMs: 60_000 },
  budget: { burst: 3, intervalMs: 3_600_000 },
};

let counter = 0;
function scenario(connection = 'watchdog_integration = true\nkeep_alive = "1m"\nkeep_alive_timeout = "10s"') {
  const dir = path.join(root, `s${counter++}`);
  mkdirSync(dir);
  const configPath = path.join(dir, 'rport.conf');
  const stateFile = path.join(dir, 'state.json');
  writeFileSync(
    configPath,
    `[client]\nserver = "http://rport.example.com:8080"\nauth = "client:secret"\ndata_dir = ${JSON.stringify(dir)}\n[connection]\n${connection}\n`,
  );
  const time = new FakeTime();
  const manager = new FakeServiceManager('rport', () => time.wallMs());
  const watcher = new ServiceWatcher({
    target: { serviceName: 'rport', configPath, stateFile: null },
    manager,
    policy: POLICY,
    clock: time,
    timers: time,
    platform: 'linux',
  });
  const events: SupervisorEvent[] = [];
  watcher.on((e) => events.push(e));
  // What the app sees before the first check: the watcher's view as it starts.
  let previous: ServiceWatchView | null = watcher.current();
  const writeState = (state: WatchdogState, message: string, ageMs = 0) =>
    writeFileSync(stateFile, renderStateFile({ state, message, at: time.wallMs() - ageMs }));
  const check = async (): Promise<{ view: ServiceWatchView; notices: ServiceNotice[] }> => {
    const view = await watcher.check();
    const notices = serviceNotices(previous, view);
    previous = view;
    return { view, notices };
  };
  return { dir, stateFile, configPath, time, manager, watcher, events, writeState, check };
}

const PING = 'ping to 10.0.0.1:8080 succeeded within 12.5ms';

describe('service watcher', () => {
  it('fresh: healthy, no notice, no restart', async () => {
    const s = scenario();
    s.writeState('connected', PING, 5_000);
    const { view, notices } = await s.check();
    expect(view).toMatchObject({
      health: 'healthy',
      running: 'running',
      lastState: 'connected',
      deadlineMs: CONNECTED_DEADLINE,
    });
    expect(view.healthText).toMatch(/^state.json updated 4 s ago; stale after 111 s while connected/);
    expect(notices).toEqual([
      expect.objectContaining({
        kind: 'service-back',
        title: 'The rport service is connected',
        body: `${PING[0]?.toUpperCase()}${PING.slice(1)}.`,
      }),
    ]);
    expect((await s.check()).notices).toEqual([]);
    expect(s.manager.restarts).toEqual([]);
    expect(s.watcher.status()).toMatchObject({ phase: 'running', engine: { state: 'connected', lastPingMs: 12.5 } });
  });

  it('stale while connected: restarted with the reason, recorded and announced', async () => {
    const s = scenario();
    s.writeState('connected', PING, 60_000);
    await s.check();
    // last_update_ts counts from the end of its second: 60 + 53 - 1 = 112 s of silence.
    await s.time.advance(CONNECTED_DEADLINE - 60_000 + 2_000);
    const { view, notices } = await s.check();
    expect(s.manager.restarts).toHaveLength(1);
    expect(view.health).toBe('restarting');
    expect(view.restarts).toEqual([
      {
        at: s.time.wallMs(),
        text: 'state.json not updated for 112 s while connected (deadline 111 s)',
        count: 1,
        failed: false,
      },
    ]);
    expect(notices).toEqual([
      {
        kind: 'service-restart',
        title: 'The rport service was restarted',
        body: 'State.json not updated for 112 s while connected (deadline 111 s).',
        key: `service-restart:${s.time.wallMs()}`,
      },
    ]);
    const restartEvents = s.events.filter((e) => e.type === 'restart');
    expect(restartEvents).toHaveLength(1);
    expect(restartEvents[0]).toMatchObject({ record: { reason: { kind: 'service-stale', state: 'connected' } } });
    // The client writes again after the restart: healthy, and announced as back.
    await s.time.advance(3_000);
    s.writeState('connected', 'Connected to 10.0.0.1:8080 within 1.2s');
    const back = await s.check();
    expect(back.view.health).toBe('healthy');
    expect(back.notices.map((n) => n.kind)).toEqual(['service-back']);
    expect(s.watcher.status().phase).toBe('running');
  });

  it('stale while reconnecting: judged against the announced wait plus a round of dials', async () => {
    const s = scenario();
    s.writeState('reconnecting', 'Retrying in 20s...', 0);
    expect((await s.check()).view).toMatchObject({ health: 'healthy', deadlineMs: RECONNECTING_DEADLINE });
    await s.time.advance(RECONNECTING_DEADLINE);
    await s.check();
    expect(s.manager.restarts).toEqual([]);
    await s.time.advance(2_000);
    const { view, notices } = await s.check();
    expect(s.manager.restarts).toHaveLength(1);
    expect(view.restarts[0]?.text).toBe('state.json not updated for 431 s while reconnecting (deadline 430 s)');
    expect(notices[0]?.kind).toBe('service-restart');
  });

  it('missing: cannot judge, says why with the fix, no restart', async () => {
    const s = scenario();
    const { view, notices } = await s.check();
    expect(view.health).toBe('unjudged');
    expect(view.problems[0]?.message).toBe(`${s.stateFile} does not exist`);
    expect(notices).toEqual([
      expect.objectContaining({
        kind: 'service-problem',
        title: 'Cannot judge the rport service',
        body: expect.stringMatching(/does not exist\. Fix: the client writes it/),
      }),
    ]);
    await s.time.advance(3_600_000);
    await s.check();
    expect(s.manager.restarts).toEqual([]);
    expect(s.watcher.status().engine).toMatchObject({
      state: 'initialized',
      message: expect.stringMatching(/^Cannot judge the rport service: /),
    });
  });

  it('unreadable: cannot judge, no restart', async () => {
    const s = scenario();
    mkdirSync(s.stateFile);
    const { view, notices } = await s.check();
    expect(view.health).toBe('unjudged');
    expect(view.problems[0]?.message).toMatch(new RegExp(`^cannot read .*state.json: EISDIR`));
    expect(notices.map((n) => n.kind)).toEqual(['service-problem']);
    expect(s.manager.restarts).toEqual([]);
  });

  it('bad JSON: cannot judge, names the file, no restart', async () => {
    const s = scenario();
    writeFileSync(s.stateFile, '{"last_update": "2026-01-01T12:00:00Z", "last_update_ts": ');
    const { view, notices } = await s.check();
    expect(view.health).toBe('unjudged');
    expect(view.problems[0]?.message).toMatch(/state.json is not valid JSON/);
    expect(notices[0]?.body).toMatch(/Fix: the client rewrites it with its next update/);
    expect(s.manager.restarts).toEqual([]);
  });

  it('clock in the future: says the clocks disagree, judges by how long the file has not changed', async () => {
    const s = scenario();
    s.writeState('connected', PING, -3_600_000);
    const first = await s.check();
    expect(first.view.health).toBe('healthy');
    expect(first.notices).toContainEqual(
      expect.objectContaining({
        kind: 'service-problem',
        title: 'The rport service needs attention',
        body: expect.stringMatching(/dated 3600 s ahead of this machine's clock/),
      }),
    );
    await s.time.advance(CONNECTED_DEADLINE - 1_000);
    expect((await s.check()).view.health).toBe('healthy');
    expect(s.manager.restarts).toEqual([]);
    await s.time.advance(2_000);
    await s.check();
    expect(s.manager.restarts).toHaveLength(1);
  });

  it('a wall clock set forward does not make a service that was seen writing look stale', async () => {
    const s = scenario();
    s.writeState('connected', PING, 0);
    await s.check();
    await s.time.advance(10_000);
    s.writeState('connected', PING, 0);
    await s.check();
    s.time.jumpWall(3_600_000);
    const { view } = await s.check();
    expect(view.health).toBe('healthy');
    expect(s.manager.restarts).toEqual([]);
  });

  it('stopped: restarted at once through the service manager', async () => {
    const s = scenario();
    s.writeState('connected', PING, 1_000);
    await s.check();
    s.manager.answer = { state: 'stopped', detail: 'fake: inactive' };
    const { view, notices } = await s.check();
    expect(s.manager.restarts).toHaveLength(1);
    expect(view.restarts[0]?.text).toBe('the service was not running (fake: inactive)');
    expect(notices.map((n) => n.kind)).toEqual(['service-restart']);
    expect(
      s.events.some((e) => e.type === 'engine' && e.event.type === 'progress' && e.event.status.state === 'stopped'),
    ).toBe(true);
  });

  it('no restart beyond the budget: gives up, says so, and restarts again only after Retry', async () => {
    const s = scenario();
    s.writeState('connected', PING, 200_000);
    const kinds: string[] = [];
    for (let i = 0; i < 12; i++) {
      const { notices } = await s.check();
      kinds.push(...notices.map((n) => n.kind));
      await s.time.advance(70_000);
    }
    expect(s.manager.restarts).toHaveLength(3);
    expect(s.watcher.status()).toMatchObject({ phase: 'failed' });
    expect(s.watcher.current().failedReason).toMatch(
      /^the rport service was restarted 3 times within 3600 s and is still unhealthy: /,
    );
    expect(kinds.filter((k) => k === 'service-restart')).toHaveLength(3);
    expect(kinds.filter((k) => k === 'service-failed')).toHaveLength(1);
    // Restarts 1 → 2 → 3 are spaced by the back-off (30 s, then 60 s), never closer.
    const gaps = s.manager.restarts.slice(1).map((t, i) => t - (s.manager.restarts[i] ?? 0));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(30_000);
    s.watcher.retry();
    await s.check();
    expect(s.manager.restarts).toHaveLength(4);
  });

  it('a restart command that fails is recorded as failed and announced, and tried again after the back-off', async () => {
    const s = scenario();
    s.manager.failWith = '`systemctl restart --no-ask-password rport.service` exited with code 1: Access denied';
    s.writeState('connected', PING, 200_000);
    const { view, notices } = await s.check();
    expect(view.restarts[0]).toMatchObject({
      failed: true,
      text: expect.stringMatching(/; the restart failed: .*Access denied$/),
    });
    expect(notices[0]).toMatchObject({ kind: 'service-restart', title: 'Could not restart the rport service' });
    await s.time.advance(10_000);
    await s.check();
    expect(s.manager.restarts).toHaveLength(1);
    await s.time.advance(25_000);
    await s.check();
    expect(s.manager.restarts).toHaveLength(2);
  });

  it('a configuration it cannot judge is reported with the fix, and a stale file is then not restarted', async () => {
    const s = scenario('watchdog_integration = false');
    s.writeState('connected', PING, 3_600_000);
    const { view, notices } = await s.check();
    expect(view.health).toBe('unjudged');
    expect(view.problems[0]?.fix).toMatch(/watchdog_integration = true/);
    expect(notices[0]?.title).toBe('Cannot judge the rport service');
    expect(s.manager.restarts).toEqual([]);
  });

  it('a requested restart is recorded with its reason and not counted in the budget', async () => {
    const s = scenario();
    s.writeState('connected', PING, 0);
    await s.check();
    await s.watcher.restart('the effective config changed');
    expect(s.manager.restarts).toHaveLength(1);
    expect(s.watcher.current().restarts[0]).toMatchObject({
      text: 'restart requested: the effective config changed',
      count: 0,
    });
  });

  it('runs checks by itself once started, at the deadline rather than a whole interval later', async () => {
    const s = scenario();
    s.writeState('connected', PING, 0);
    // The real clock: a fixed 1.5 s threshold, and a check interval of an hour that must not be waited for.
    const fast = new ServiceWatcher({
      target: { serviceName: 'rport', configPath: s.configPath, stateFile: null },
      manager: s.manager,
      policy: { ...POLICY, checkIntervalMs: 3_600_000, marginMs: 0, thresholdMs: 1_500 },
      platform: 'linux',
    });
    const restarted = new Promise<void>((resolve) => fast.on((e) => e.type === 'restart' && resolve()));
    writeFileSync(s.stateFile, renderStateFile({ state: 'connected', message: PING, at: Date.now() }));
    fast.start();
    await restarted;
    await fast.stop();
    expect(s.manager.restarts).toHaveLength(1);
  });

  it('an older state.json put back is not a fresh write: stale at once', async () => {
    const s = scenario();
    s.writeState('connected', PING, 0);
    await s.check();
    await s.time.advance(5_000);
    s.writeState('connected', PING, 1_800_000);
    await s.check();
    expect(s.manager.restarts).toHaveLength(1);
  });
});
