// What the window says about the state, with a fake app: rounded durations and a live countdown to the
// next try (told to screen readers once, not every second), a refused password as a problem with a way
// to fix it, this device as the server knows it, the servers' facts, tunnel rates and history, and the
// remote activity with its reasons, output, duration and initiator, and the switch that blocks it.
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppStatus, ConfigDocument } from '../../../main/shared/contract';
import type { EngineStatus } from '../../../renderer/src/store/data-types';
import { appStatus, createFakeClient, sampleForm, snapshot } from './fake-client';
import { renderApp } from './render-app';

const NOW = Date.UTC(2026, 0, 5, 12, 0, 0);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
  vi.setSystemTime(NOW);
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const base = appStatus();
const engine = (over: Partial<EngineStatus>): EngineStatus => ({ ...(base.engine as EngineStatus), ...over });

function reconnecting(over: Partial<AppStatus> = {}): AppStatus {
  const e = engine({
    state: 'reconnecting',
    message: 'Retrying in 13.258511011s...',
    server: null,
    connectedSince: null,
    retryInMs: 13_258.511011,
    attempt: 3,
    lastError: 'Authentication failed',
    servers: (base.engine?.servers ?? []).map((s) => ({
      ...s,
      lastResult: 'error' as const,
      lastError: 'Authentication failed',
      lastFailure: 'auth' as const,
      lastLatencyMs: null,
    })),
  });
  return appStatus({ state: 'reconnecting', message: e.message, engine: e, nextRetryAt: NOW + 13_258.511, ...over });
}

describe('the state as people read it', () => {
  it('counts down to the next try in whole seconds, and tells screen readers the state only', async () => {
    const client = createFakeClient();
    client.on('getSnapshot', () => ({ ok: true, value: snapshot({ status: reconnecting() }) }));
    await renderApp(client);
    expect(screen.getByTestId('engine-state').textContent).toBe('reconnecting');
    expect(screen.getByTestId('state-message').textContent).toBe('Next try in 14s');
    const live = screen.getByRole('status');
    expect(live.textContent).toBe('reconnecting');
    act(() => vi.advanceTimersByTime(5_000));
    expect(screen.getByTestId('state-message').textContent).toBe('Next try in 9s');
    expect(screen.getByRole('status').textContent).toBe('reconnecting');
    act(() => vi.advanceTimersByTime(10_000));
    expect(screen.getByTestId('state-message').textContent).toBe('Trying now…');
    expect(document.body.textContent).not.toMatch(/\d\.\d{3,}/);
  });

  it('shows a connection time rounded, and connected "for", not "since 0s"', async () => {
    const client = createFakeClient();
    const e = engine({ message: 'Connected to 127.0.0.1:8080 within 34.974895ms', connectedSince: NOW - 200 });
    client.on('getSnapshot', () => ({
      ok: true,
      value: snapshot({ status: appStatus({ engine: e, message: e.message }) }),
    }));
    await renderApp(client, 'status');
    expect(screen.getByTestId('status-line').textContent).toBe('Connected to 127.0.0.1:8080 within 35 ms');
    expect(screen.getByTestId('connected-since').textContent).toBe('just now');
    act(() => vi.advanceTimersByTime(65_000));
    expect(screen.getByTestId('connected-since').textContent).toBe('1m 5s');
    expect(document.body.textContent).not.toContain('34.974895');
  });

  it('marks a refused password as a problem while retrying, and opens the form at the password', async () => {
    const client = createFakeClient();
    const problem = {
      kind: 'auth' as const,
      serverIndex: 0,
      serverUrl: 'ws://primary.example:8080',
      message: 'Authentication failed',
    };
    client.on('getSnapshot', () => ({ ok: true, value: snapshot({ status: reconnecting({ problem }) }) }));
    const doc: ConfigDocument = {
      text: '[client]\n  server = "ws://a:1"\n  auth = "client1:********"\n',
      problems: [],
      form: sampleForm(),
      hasPassword: true,
      passwordInKeychain: false,
      path: '/x/rport.conf',
      exists: true,
      lockedKeys: [],
      revision: 'r1',
    };
    client.on('getConfig', () => ({ ok: true, value: doc }));
    await renderApp(client, 'status');
    // The state word stays the engine's; the problem is told beside it and in the status view.
    expect(screen.getByTestId('engine-state').textContent).toBe('reconnecting');
    expect(screen.getByTestId('engine-problem').dataset.kind).toBe('auth');
    expect(screen.getByTestId('engine-problem').textContent).toBe('Authentication failed');
    expect(screen.getByRole('status').textContent).toBe('reconnecting: Authentication failed');
    const banner = screen.getByTestId('connection-problem');
    expect(banner.textContent).toContain('ws://primary.example:8080');
    expect(screen.getByTestId('problem-retry').textContent).toBe('Next try in 14s (attempt 3)');
    fireEvent.click(screen.getByTestId('fix-problem'));
    await screen.findByTestId('config-editor');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('config-field-auth.password')));
  });

  it('marks a wrong server fingerprint the same way, with the key the server presented', async () => {
    const client = createFakeClient();
    const problem = {
      kind: 'fingerprint' as const,
      serverIndex: 0,
      serverUrl: 'ws://primary.example:8080',
      message: 'invalid fingerprint (a7:74:f2:59:b2:db:96:e4:f3:d9:34:57:ac:63:8d:b6)',
    };
    client.on('getSnapshot', () => ({ ok: true, value: snapshot({ status: reconnecting({ problem }) }) }));
    await renderApp(client, 'status');
    expect(screen.getByTestId('engine-state').textContent).toBe('reconnecting');
    expect(screen.getByTestId('engine-problem').textContent).toBe('Wrong server fingerprint');
    expect(screen.getByTestId('connection-problem').textContent).toContain('a7:74:f2:59:b2:db:96:e4');
    expect(screen.getByTestId('fix-problem').textContent).toBe('Check the fingerprint');
  });

  it('shows this device as the server knows it', async () => {
    const client = createFakeClient();
    const e = engine({
      identity: { clientId: '4c4c4544-0042', idSource: 'machine-id', name: 'laptop', nameSource: 'hostname' },
    });
    client.on('getSnapshot', () => ({ ok: true, value: snapshot({ status: appStatus({ engine: e }) }) }));
    await renderApp(client, 'status');
    const card = screen.getByTestId('this-device');
    expect(screen.getByTestId('device-client-id').textContent).toBe('4c4c4544-0042');
    expect(screen.getByTestId('device-name').textContent).toBe('laptop');
    expect(card.textContent).toContain('Registered on the server');
    expect(card.textContent).toContain("this machine's ID");
  });
});

describe('servers', () => {
  it('shows no old latency for a failed server, the ping of the one in use, and one way back to the primary', async () => {
    const client = createFakeClient();
    const servers = (base.engine?.servers ?? []).map((s) =>
      s.index === 0
        ? {
            ...s,
            lastResult: 'error' as const,
            lastError: 'dial tcp 127.0.0.1:1: connection refused',
            lastLatencyMs: 23,
            lastDialMs: 23,
          }
        : { ...s, lastResult: 'ok' as const, lastDialMs: 4.2, lastPingMs: 1.5, lastLatencyMs: 1.5 },
    );
    const e = engine({
      server: { index: 1, url: 'ws://fallback.example:8080', role: 'fallback' },
      servers,
      lastPingMs: 1.5,
      switchbackAt: NOW + 90_000,
    });
    client.on('getSnapshot', () => ({ ok: true, value: snapshot({ status: appStatus({ engine: e }) }) }));
    await renderApp(client, 'servers');
    const items = screen.getAllByTestId('server-item');
    const connectTimes = screen.getAllByTestId('server-connect-time').map((d) => d.textContent);
    expect(connectTimes).toEqual(['—', '4.2 ms']);
    expect(screen.getByTestId('server-last-ping').textContent).toBe('1.5 ms');
    expect(items[0]?.querySelectorAll('button')).toHaveLength(0);
    expect(screen.getAllByRole('button', { name: /primary/i })).toHaveLength(1);
    expect(screen.getByTestId('switchback-countdown').textContent).toContain('Next try of the primary in 1m 30s');
    act(() => vi.advanceTimersByTime(30_000));
    expect(screen.getByTestId('switchback-countdown').textContent).toContain('Next try of the primary in 1m 0s');
  });

  it('counts down to the next attempt while not connected', async () => {
    const client = createFakeClient();
    client.on('getSnapshot', () => ({ ok: true, value: snapshot({ status: reconnecting() }) }));
    client.on('switchServer', () => ({ ok: true, value: null }));
    await renderApp(client, 'servers');
    expect(screen.getByTestId('retry-countdown').textContent).toContain('Next try in 14s (attempt 3)');
    fireEvent.click(screen.getByTestId('retry-now'));
    await waitFor(() => expect(client.calls.find((c) => c.name === 'switchServer')?.params).toEqual({ index: 0 }));
  });
});

describe('tunnels', () => {
  it('shows the rate of an open stream, idle when no report came lately, and the history of closed ones', async () => {
    const client = createFakeClient();
    const tunnels = [
      {
        id: '2.t1',
        protocol: 'tcp' as const,
        target: '127.0.0.1:22',
        openedAt: NOW - 5_000,
        closedAt: null,
        bytesIn: 8_192,
        bytesOut: 2_048,
        closeReason: null,
        updatedAt: NOW - 500,
        rateIn: 4_096,
        rateOut: 1_024,
      },
      ...Array.from({ length: 12 }, (_, i) => ({
        id: `1.t${i + 1}`,
        protocol: 'tcp' as const,
        target: '127.0.0.1:3389',
        openedAt: NOW - 100_000 + i,
        closedAt: NOW - 90_000 + i,
        bytesIn: 10_240,
        bytesOut: 0,
        closeReason: 'engine restarted',
      })),
    ];
    client.on('getSnapshot', () => ({ ok: true, value: snapshot({ tunnels }) }));
    await renderApp(client, 'tunnels');
    const rows = screen.getAllByTestId('tunnel-row');
    expect(rows).toHaveLength(13);
    const rates = screen.getAllByTestId('tunnel-rate').map((r) => r.textContent);
    expect(rates[0]).toBe('↓ 4.0 KiB/s↑ 1.0 KiB/s');
    expect(rates[1]).toBe('↓ 1.0 KiB/s↑ 0 B/s average');
    expect(screen.getAllByTestId('tunnel-duration')[1]?.textContent).toBe('was open 10s');
    act(() => vi.advanceTimersByTime(3_000));
    expect(screen.getAllByTestId('tunnel-rate')[0]?.textContent).toBe('idle');
    expect(screen.getAllByTestId('tunnel-duration')[0]?.textContent).toBe('open for 8s');
  });
});

describe('activity', () => {
  it('shows who asked, how long it ran, why a timed-out command is unknown, and its output', async () => {
    const client = createFakeClient();
    const activity = [
      {
        id: 'j1',
        kind: 'command' as const,
        at: NOW - 40_000,
        summary: 'sleep 100',
        outcome: 'unknown' as const,
        detail: 'timed out after 30 s: no longer observed, the command may still be running',
        initiator: 'admin',
        durationMs: 30_004,
        output: 'started\n[stderr]\nwarning',
      },
    ];
    client.on('getSnapshot', () => ({ ok: true, value: snapshot({ activity }) }));
    await renderApp(client, 'activity');
    expect(screen.getByTestId('activity-initiator').textContent).toBe('by admin');
    expect(screen.getByTestId('activity-duration').textContent).toBe('observed for 30s');
    expect(screen.getByTestId('activity-detail').textContent).toContain('timed out after 30 s');
    expect(screen.getByTestId('activity-output').textContent).toContain('[stderr]');
  });

  it('blocks and allows remote commands from the window', async () => {
    const client = createFakeClient();
    client.on('getSnapshot', () => ({ ok: true, value: snapshot() }));
    client.on('setRemoteCommandsBlocked', () => ({ ok: true, value: null }));
    await renderApp(client, 'activity');
    const toggle = screen.getByTestId('block-remote-commands') as HTMLInputElement;
    expect(toggle.checked).toBe(false);
    fireEvent.click(toggle);
    await waitFor(() =>
      expect(client.calls.find((c) => c.name === 'setRemoteCommandsBlocked')?.params).toEqual({ blocked: true }),
    );
    act(() => client.push({ seq: 1, event: { type: 'status', status: appStatus({ remoteCommandsBlocked: true }) } }));
    expect((screen.getByTestId('block-remote-commands') as HTMLInputElement).checked).toBe(true);
    expect(screen.getByTestId('remote-commands-blocked')).toBeTruthy();
  });
});
