// The status the window shows while the engine restarts, retries or cannot log in: one `reconnecting`
// with its reason through a restart (no `stopped` or `initialized` flashing by), the end of the back-off
// for a live countdown, and a problem the user must fix that outlives the server's ban answers.
import { describe, expect, it } from 'vitest';
import { StatusTracker } from '../../../../main/app/view-state/status-tracker';
import type { EngineStatus, ProgressKind } from '../../../../main/shared/types/engine-types';
import type { SupervisorStatus } from '../../../../main/watchdog/supervisor-types';
import { engineStatus, servers, supervisorStatus } from '../app-test-kit';

function tracker(): StatusTracker {
  const t = new StatusTracker('/x/rport.conf');
  t.beginRun();
  return t;
}

const phase = (t: StatusTracker, p: SupervisorStatus['phase']) => t.onSupervisorStatus(supervisorStatus({ phase: p }));
const report = (t: StatusTracker, status: Partial<EngineStatus>, kind: ProgressKind = 'connected', at = 1_000) =>
  t.onEngineProgress(engineStatus(status), at, kind);
const word = (t: StatusTracker) => {
  const s = t.status();
  return `${s.state}: ${s.message}`;
};

const failedServers = (failure: 'auth' | 'fingerprint' | 'other', lastError: string): EngineStatus['servers'] =>
  servers.map((s) => ({
    ...s,
    lastResult: 'error' as const,
    lastError,
    lastFailure: failure,
    lastTriedAt: 1,
    lastLatencyMs: null,
  }));

describe('status tracker', () => {
  it('shows a new config being applied as one reconnecting, not the old engine stopping and the new one starting', () => {
    const t = tracker();
    phase(t, 'starting');
    expect(word(t)).toBe('initialized: Starting');
    report(t, { state: 'connected', message: 'Connected to 127.0.0.1:1 within 3.2ms' });
    phase(t, 'running');
    const seen: string[] = [];
    t.beginRestart('Applying the new config');
    seen.push(word(t));
    // The old engine and its supervisor stop…
    phase(t, 'stopping');
    seen.push(word(t));
    report(
      t,
      { state: 'stopped', message: 'ping to 127.0.0.1:1 succeeded within 1.021824ms', server: null },
      'stopped',
    );
    seen.push(word(t));
    phase(t, 'stopped');
    seen.push(word(t));
    // …and the new one starts and dials.
    t.beginRun();
    seen.push(word(t));
    phase(t, 'starting');
    report(t, { state: 'initialized', server: null }, 'started');
    seen.push(word(t));
    report(t, { state: 'initialized', server: null }, 'dialing');
    seen.push(word(t));
    expect(new Set(seen)).toEqual(new Set(['reconnecting: Applying the new config']));
    report(t, { state: 'connected', message: 'Connected' });
    expect(t.status().state).toBe('connected');
  });

  it('keeps a watchdog restart reconnecting until the new worker connects, and a resume never says initialized', () => {
    const t = tracker();
    phase(t, 'running');
    report(t, { state: 'connected' });
    phase(t, 'restarting');
    expect(word(t)).toBe('reconnecting: Restarting the engine');
    // The dead worker's status is still the last known; a new worker starts and reports `initialized`.
    phase(t, 'starting');
    expect(word(t)).toBe('reconnecting: Restarting the engine');
    report(t, { state: 'initialized', server: null }, 'started');
    expect(word(t)).toBe('reconnecting: Restarting the engine');
    report(t, { state: 'connected', message: 'Connected' });
    phase(t, 'running');
    expect(t.status().state).toBe('connected');

    report(t, { state: 'paused', server: null }, 'paused');
    report(t, { state: 'initialized', server: null }, 'resumed');
    expect(word(t)).toBe('reconnecting: Connecting');
  });

  it('ends a restart with a real stop of the new engine (a config it cannot run)', () => {
    const t = tracker();
    phase(t, 'running');
    report(t, { state: 'connected' });
    phase(t, 'restarting');
    phase(t, 'starting');
    report(t, { state: 'stopped', server: null, lastError: 'configuration error' }, 'stopped');
    expect(t.status().state).toBe('stopped');
  });

  it('gives the end of the back-off for a countdown, kept through later reports of the same wait', () => {
    const t = tracker();
    phase(t, 'running');
    report(
      t,
      { state: 'reconnecting', server: null, retryInMs: 13_258.511, message: 'Retrying in 13.258511011s...' },
      'retry',
      50_000,
    );
    expect(t.status().nextRetryAt).toBe(63_258.511);
    // A data_dir report during the same wait does not move it.
    report(t, { state: 'reconnecting', server: null, retryInMs: 13_258.511 }, 'data-dir', 55_000);
    expect(t.status().nextRetryAt).toBe(63_258.511);
    // Dialling again: no wait any more.
    report(t, { state: 'reconnecting', server: null, retryInMs: null }, 'dialing', 64_000);
    expect(t.status().nextRetryAt).toBeNull();
  });

  it('says authentication failed while retrying, through the ban answers that follow, until a dial succeeds', () => {
    const t = tracker();
    phase(t, 'running');
    const retrying = { state: 'reconnecting' as const, server: null, retryInMs: 5_000 };
    report(t, { ...retrying, servers: failedServers('auth', 'Authentication failed') }, 'retry');
    expect(t.status()).toMatchObject({
      state: 'reconnecting',
      problem: { kind: 'auth', serverIndex: 0, serverUrl: servers[0]?.url, message: 'Authentication failed' },
    });
    // rportd bans the address after a few wrong passwords: HTTP 423, nothing about the password any more.
    report(t, { ...retrying, servers: failedServers('other', 'websocket: bad handshake: HTTP 423') }, 'retry');
    expect(t.status().problem?.kind).toBe('auth');
    // Connected (the password was fixed elsewhere): no problem.
    const ok = servers.map((s) => ({
      ...s,
      lastResult: 'ok' as const,
      lastError: null,
      lastFailure: null,
      lastTriedAt: 2,
      lastLatencyMs: 3,
    }));
    report(t, { state: 'connected', servers: ok });
    expect(t.status().problem).toBeNull();

    report(t, { ...retrying, servers: failedServers('fingerprint', 'invalid fingerprint (aa:bb)') }, 'retry');
    expect(t.status().problem).toMatchObject({ kind: 'fingerprint', message: 'invalid fingerprint (aa:bb)' });
    // A new config: whatever the old run found may be fixed.
    t.beginRun();
    expect(t.status().problem).toBeNull();
  });

  it("shows the user's remote-command block, with or without an engine", () => {
    const t = tracker();
    t.setRemoteCommandsBlocked(true);
    expect(t.status()).toMatchObject({ remoteCommandsBlocked: true, engine: null });
    report(t, { remoteCommandsBlocked: false });
    expect(t.status()).toMatchObject({ remoteCommandsBlocked: true, engine: { remoteCommandsBlocked: true } });
  });
});
