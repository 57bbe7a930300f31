// Timeline entries read as people say them: rounded durations, the reason for a reconnect with the wait
// before the next try, and a problem the user must fix when it appears.
import { describe, expect, it } from 'vitest';
import type { AppStatus } from '../../../../main/shared/contract';
import { describeTransition } from '../../../../main/app/view-state/status-transitions';
import { engineStatus, servers, supervisorStatus } from '../app-test-kit';

function status(over: Partial<AppStatus>): AppStatus {
  const supervisor = supervisorStatus();
  return {
    state: 'connected',
    message: '',
    engine: engineStatus(),
    supervisor: { phase: supervisor.phase, failedReason: null, nextRestartAt: null, restartCount: 0 },
    lastUpdateAt: 1,
    setupNeeded: false,
    configPath: '/x/rport.conf',
    configIssue: null,
    nextRetryAt: null,
    problem: null,
    ...over,
  };
}

describe('status transitions', () => {
  it('words a reconnect with its reason and a rounded wait, never Go-exact durations', () => {
    const engine = engineStatus({
      state: 'reconnecting',
      server: null,
      message: 'Retrying in 13.258511011s...',
      retryInMs: 13_258.511011,
      lastError: 'connection closed 1.234567s after it was established',
    });
    const next = status({ state: 'reconnecting', message: engine.message, engine, nextRetryAt: 20_000 });
    expect(describeTransition(status({}), next).map((e) => e.text)).toEqual([
      'Reconnecting: connection closed 1.2s after it was established; next try in 13s',
    ]);
    const stopped = status({ state: 'stopped', message: 'ping to 127.0.0.1:1 succeeded within 1.021824ms' });
    expect(describeTransition(status({}), stopped).map((e) => e.text)).toEqual([
      'Stopped: ping to 127.0.0.1:1 succeeded within 1.0 ms',
    ]);
  });

  it('adds an entry when the server starts refusing the credentials', () => {
    const engine = engineStatus({ state: 'reconnecting', server: null });
    const before = status({ state: 'reconnecting', engine });
    const problem = {
      kind: 'auth' as const,
      serverIndex: 0,
      serverUrl: servers[0]?.url ?? '',
      message: 'Authentication failed',
    };
    const entries = describeTransition(before, status({ state: 'reconnecting', engine, problem }));
    expect(entries.map((e) => e.text)).toEqual([
      `Authentication failed at ${problem.serverUrl}: check the client auth ID and password; still retrying`,
    ]);
    // Coming with the state change, the problem is the reason of the reconnect: one entry.
    const fromConnected = describeTransition(status({}), status({ state: 'reconnecting', engine, problem }));
    expect(fromConnected.map((e) => e.text)).toEqual([
      `Reconnecting: Authentication failed at ${problem.serverUrl}: check the client auth ID and password`,
    ]);
    // The same problem again is not news.
    expect(
      describeTransition(
        status({ state: 'reconnecting', engine, problem }),
        status({ state: 'reconnecting', engine, problem }),
      ),
    ).toEqual([]);
  });
});
