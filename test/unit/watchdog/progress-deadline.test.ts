import { describe, expect, it } from 'vitest';
import { progressDeadlineMs, type DeadlineInputs } from '../../../main/watchdog/progress-deadline';

const base: DeadlineInputs = {
  state: 'connected',
  keepAliveMs: 180_000,
  keepAliveTimeoutMs: 30_000,
  fallbackCount: 0,
  retryInMs: null,
  timing: { dialTimeoutMs: 20_000, handshakeReplyTimeoutMs: 7_000, keepAliveExtraMs: 5_000 },
  slackMs: 10_000,
  startupTimeoutMs: 30_000,
};

describe('progressDeadlineMs', () => {
  it('connected: keep_alive + keep_alive_timeout + the engine keep-alive extras + slack', () => {
    expect(progressDeadlineMs(base)).toBe(180_000 + 30_000 + 5_000 + 10_000);
  });

  it('connected with keep_alive = 0 is not watched (the engine has nothing to report)', () => {
    expect(progressDeadlineMs({ ...base, keepAliveMs: 0 })).toBeNull();
  });

  it('reconnecting: the announced wait + one dial per server + the handshake reply + slack', () => {
    expect(progressDeadlineMs({ ...base, state: 'reconnecting', retryInMs: 600_000 })).toBe(
      600_000 + 20_000 + 7_000 + 10_000,
    );
    expect(progressDeadlineMs({ ...base, state: 'reconnecting', retryInMs: 5_000, fallbackCount: 2 })).toBe(
      5_000 + 3 * 20_000 + 7_000 + 10_000,
    );
  });

  it('reconnecting without an announced wait still allows a full round of dials', () => {
    expect(progressDeadlineMs({ ...base, state: 'reconnecting', retryInMs: null, fallbackCount: 1 })).toBe(
      2 * 20_000 + 7_000 + 10_000,
    );
  });

  it('starting: the start-up timeout; initialized: at least a full first round of dials', () => {
    expect(progressDeadlineMs({ ...base, state: 'starting' })).toBe(30_000);
    expect(progressDeadlineMs({ ...base, state: 'initialized' })).toBe(20_000 + 7_000 + 10_000);
    expect(progressDeadlineMs({ ...base, state: 'initialized', startupTimeoutMs: 60_000 })).toBe(60_000);
    expect(progressDeadlineMs({ ...base, state: 'initialized', fallbackCount: 3 })).toBe(4 * 20_000 + 7_000 + 10_000);
  });

  it('paused, stopped and failed make no progress by design and are not watched', () => {
    for (const state of ['paused', 'stopped', 'failed'] as const) {
      expect(progressDeadlineMs({ ...base, state })).toBeNull();
    }
  });

  it('connected with the shortest keep_alive (1 ms) is watched; a negative announced wait counts as none', () => {
    expect(progressDeadlineMs({ ...base, keepAliveMs: 1 })).toBe(1 + 30_000 + 5_000 + 10_000);
    expect(progressDeadlineMs({ ...base, state: 'reconnecting', retryInMs: -5_000 })).toBe(20_000 + 7_000 + 10_000);
  });
});
