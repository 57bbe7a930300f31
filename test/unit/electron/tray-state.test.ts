import { describe, expect, it } from 'vitest';
import type { EngineStatus, ServerStatus } from '../../../main/shared/types/engine-types';
import {
  TRAY_STATES,
  clockTime,
  serverLabel,
  snapshotFromStatus,
  stateLine,
  trayStateOf,
} from '../../../main/electron/tray/tray-state';
import type { AppStatus } from '../../../main/shared/contract';
import { trayTooltip, TOOLTIP_MAX } from '../../../main/electron/tray/tray-tooltip';
import { engineStatus, supervisorStatus, snapshotFor } from './tray-fixtures';

describe('trayStateOf', () => {
  it('maps every engine and supervisor situation to one of the six tray states', () => {
    expect(trayStateOf({ engine: null, supervisor: null })).toBe('starting');
    expect(
      trayStateOf({ engine: engineStatus({ state: 'initialized' }), supervisor: supervisorStatus('running') }),
    ).toBe('starting');
    expect(trayStateOf(snapshotFor('connected-primary'))).toBe('connected-primary');
    expect(trayStateOf(snapshotFor('connected-fallback'))).toBe('connected-fallback');
    expect(trayStateOf(snapshotFor('reconnecting'))).toBe('reconnecting');
    expect(trayStateOf(snapshotFor('paused'))).toBe('paused');
    expect(trayStateOf(snapshotFor('failed'))).toBe('failed');
    // max_retry_count spent: the client gave up
    expect(trayStateOf({ engine: engineStatus({ state: 'stopped' }), supervisor: supervisorStatus('running') })).toBe(
      'failed',
    );
  });

  it('lets the supervisor override what a dead worker last said', () => {
    const connected = snapshotFor('connected-primary').engine;
    expect(trayStateOf({ engine: connected, supervisor: supervisorStatus('restarting') })).toBe('starting');
    expect(trayStateOf({ engine: connected, supervisor: supervisorStatus('failed', 'crashed 5 times in 60 s') })).toBe(
      'failed',
    );
  });

  it('has fixtures for every state (guards the fixture helper)', () => {
    for (const state of TRAY_STATES) expect(trayStateOf(snapshotFor(state))).toBe(state);
  });
});

describe('state line and tooltip', () => {
  it('names the server and its role when connected', () => {
    expect(stateLine(snapshotFor('connected-primary'))).toBe('Connected to rport.example.com:8080 (primary)');
    expect(stateLine(snapshotFor('connected-fallback'))).toBe('Connected to backup.example.net (fallback 1)');
  });

  it('says why it failed and when the next try is', () => {
    expect(stateLine(snapshotFor('failed'))).toBe('Failed: crashed 5 times in 60 s');
    expect(stateLine({ ...snapshotFor('reconnecting') })).toBe('Reconnecting (next try in 5 s)');
    // With the report's time known, the line names the time of the next try, which stays true while the
    // menu waits for the next report (a countdown would stand still).
    const at = Date.UTC(2026, 0, 2, 10, 0, 0);
    expect(stateLine({ ...snapshotFor('reconnecting'), reportedAt: at })).toBe(
      `Reconnecting (next try at ${clockTime(at + 5000)})`,
    );
    expect(clockTime(at + 5000)).toMatch(/^\d{1,2}:\d{2}:05/);
  });

  it('never shows URL credentials', () => {
    expect(serverLabel({ url: 'https://user:secret@host.example:443/path' })).toBe('host.example');
    expect(serverLabel({ url: 'user:secret@host.example:9000' })).not.toContain('secret');
  });

  it('shows state, server and last ping, within the Windows limit', () => {
    const tip = trayTooltip(snapshotFor('connected-primary'));
    expect(tip).toBe('RPort Tray: Connected to rport.example.com:8080 (primary)\nLast ping: 42 ms');
    const reconnecting = trayTooltip(snapshotFor('reconnecting'));
    expect(reconnecting).toContain('Server: rport.example.com:8080 (primary)');
    const long = snapshotFor('connected-primary');
    const server: ServerStatus = { ...long.engine!.servers[0]!, url: `http://${'a'.repeat(200)}.example` };
    const longTip = trayTooltip({ ...long, engine: { ...long.engine!, server, servers: [server] } as EngineStatus });
    expect(longTip.length).toBeLessThanOrEqual(TOOLTIP_MAX);
  });
});

describe('snapshotFromStatus (the app core status event)', () => {
  const base: AppStatus = {
    state: 'connected',
    message: 'ok',
    engine: snapshotFor('connected-fallback').engine,
    supervisor: { phase: 'running', failedReason: null, nextRestartAt: null, restartCount: 2 },
    lastUpdateAt: 5,
    setupNeeded: false,
    configPath: '/x/rport.conf',
    configIssue: null,
  };

  it('follows the engine and supervisor', () => {
    expect(trayStateOf(snapshotFromStatus(base))).toBe('connected-fallback');
    const failed = {
      ...base,
      supervisor: { ...base.supervisor, phase: 'failed' as const, failedReason: 'crash loop' },
    };
    expect(stateLine(snapshotFromStatus(failed))).toBe('Failed: crash loop');
  });

  it('shows setup as idle and a config with errors as not running', () => {
    const setup = snapshotFromStatus({
      ...base,
      engine: null,
      state: 'stopped',
      message: 'Not set up yet',
      setupNeeded: true,
      supervisor: { ...base.supervisor, phase: 'stopped' },
    });
    expect(trayStateOf(setup)).toBe('paused');
    expect(stateLine(setup)).toMatch(/Not set up yet/);
    const broken = snapshotFromStatus({
      ...base,
      engine: null,
      state: 'stopped',
      message: 'The config has errors: fix them in the Config view',
      supervisor: { ...base.supervisor, phase: 'stopped' },
    });
    expect(trayStateOf(broken)).toBe('failed');
    expect(stateLine(broken)).toBe('Not running: The config has errors: fix them in the Config view');
    const between = snapshotFromStatus({
      ...base,
      engine: null,
      state: 'stopped',
      message: 'Stopped',
      supervisor: { ...base.supervisor, phase: 'stopped' },
    });
    expect(trayStateOf(between)).toBe('starting');
  });
});
