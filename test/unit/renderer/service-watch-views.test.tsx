// The window in service mode (issue 17) with a fake app: the Status view's service panel (the watchdog's
// judgement, the age of state.json, what it cannot judge with the fix, restarts with their reasons,
// Retry after it gave up), Settings' connection choice (sent as a change, locked by policy with the
// reason, disabled headless) and the Setup view's offer to watch an installed service.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionSettings, ServiceView, Settings } from '../../../main/shared/contract';
import { appStatus, createFakeClient, settings, snapshot } from './fake-client';
import { renderApp } from './render-app';

afterEach(cleanup);

function service(over: Partial<ServiceView> = {}): ServiceView {
  return {
    serviceName: 'rport',
    manager: 'systemd',
    restartCommand: 'systemctl restart --no-ask-password rport.service',
    configPath: '/etc/rport/rport.conf',
    stateFile: '/var/lib/rport/state.json',
    running: 'running',
    runningDetail: 'systemctl: active (running)',
    lastState: 'connected',
    lastMessage: 'ping to 10.0.0.1:8080 succeeded within 3ms',
    lastUpdateAt: Date.now() - 12_000,
    health: 'healthy',
    healthText: 'state.json updated 12 s ago; stale after 311 s while connected',
    deadlineMs: 311_000,
    problems: [],
    restarts: [],
    restartCount: 0,
    failedReason: null,
    budget: { burst: 5, intervalMs: 3_600_000 },
    checkedAt: Date.now(),
    ...over,
  };
}

const connection = (over: Partial<ConnectionSettings> = {}): ConnectionSettings => ({
  mode: 'engine',
  activeMode: 'engine',
  service: {
    configPath: null,
    stateFile: null,
    serviceName: 'rport',
    restartCommand: null,
    statusCommand: null,
    saveHelper: null,
  },
  locked: [],
  policyFile: null,
  canChange: { available: true, reason: null },
  ...over,
});

describe('Status view in service mode', () => {
  it('shows the judgement, the age, what cannot be judged with its fix, and the restarts', async () => {
    const client = createFakeClient();
    const view = service({
      problems: [{ message: 'cannot read /etc/rport/rport.conf (EACCES)', fix: 'let this user read the file' }],
      restartCount: 2,
      restarts: [
        { at: 1_000, text: 'the service was not running (systemctl: inactive)', count: 1, failed: false },
        {
          at: 2_000,
          text: 'state.json not updated for 400 s while connected (deadline 311 s)',
          count: 2,
          failed: true,
        },
      ],
    });
    client.on('getSnapshot', () => ({ ok: true, value: snapshot({ status: appStatus({ service: view }) }) }));
    client.on('restartEngine', () => ({ ok: true, value: null }));
    await renderApp(client, 'status');
    const panel = screen.getByTestId('service-panel');
    expect(within(panel).getByTestId('service-health').textContent).toBe('Healthy');
    expect(within(panel).getByTestId('service-running').textContent).toBe('Running');
    expect(within(panel).getByTestId('service-age').textContent).toBe('12s ago');
    expect(within(panel).getByTestId('service-deadline').textContent).toBe('Stale after 5m 11s');
    expect(within(panel).getByTestId('service-problems').textContent).toContain('Fix: let this user read the file');
    const restarts = within(panel).getByTestId('service-restarts').querySelectorAll('li');
    expect(restarts[0]?.textContent).toMatch(/Failed: state.json not updated for 400 s/);
    expect(restarts[1]?.textContent).toMatch(/the service was not running/);
    fireEvent.click(within(panel).getByTestId('service-restart'));
    await waitFor(() => expect(client.calls.some((c) => c.name === 'restartEngine')).toBe(true));
  });

  it('offers Retry once the watchdog gave up', async () => {
    const client = createFakeClient();
    const view = service({ health: 'stale', failedReason: 'the rport service was restarted 5 times within 3600 s …' });
    client.on('getSnapshot', () => ({ ok: true, value: snapshot({ status: appStatus({ service: view }) }) }));
    client.on('retry', () => ({ ok: true, value: null }));
    await renderApp(client, 'status');
    expect(screen.getByTestId('service-failed').textContent).toContain('restarted 5 times');
    fireEvent.click(screen.getByTestId('service-retry'));
    await waitFor(() => expect(client.calls.some((c) => c.name === 'retry')).toBe(true));
  });

  it('shows nothing of a service when the app follows its own engine', async () => {
    const client = createFakeClient();
    client.on('getSnapshot', () => ({ ok: true, value: snapshot() }));
    await renderApp(client, 'status');
    expect(screen.queryByTestId('service-panel')).toBeNull();
  });
});

describe('Settings: what RPort Tray follows', () => {
  it('sends the chosen mode and the service fields as one change', async () => {
    const client = createFakeClient();
    let current: Settings = settings({ connection: connection() }, 'desktop');
    client.on('getSnapshot', () => ({ ok: true, value: snapshot({ settings: current }) }));
    client.on('findInstalledServices', () => ({
      ok: true,
      value: {
        services: [
          { configPath: '/etc/rport/rport.conf', stateFile: '/var/lib/rport/state.json', stateFileExists: true },
        ],
      },
    }));
    client.on('setConnection', () => {
      current = { ...current, connection: connection({ mode: 'service' }) };
      return { ok: true, value: current };
    });
    await renderApp(client, 'settings');
    expect(screen.queryByTestId('service-configPath')).toBeNull();
    fireEvent.click(screen.getByTestId('connection-mode-service'));
    fireEvent.change(screen.getByTestId('service-configPath'), { target: { value: '/etc/rport/rport.conf' } });
    fireEvent.change(screen.getByTestId('service-restartCommand'), {
      target: { value: 'sudo -n systemctl restart rport' },
    });
    fireEvent.click(screen.getByTestId('connection-save'));
    await waitFor(() => expect(client.calls.some((c) => c.name === 'setConnection')).toBe(true));
    expect(client.calls.find((c) => c.name === 'setConnection')?.params).toEqual({
      mode: 'service',
      service: { configPath: '/etc/rport/rport.conf', restartCommand: 'sudo -n systemctl restart rport' },
    });
  });

  it('shows a setting the policy pins as locked, with the policy file', async () => {
    const client = createFakeClient();
    const pinned = connection({
      mode: 'service',
      activeMode: 'service',
      locked: ['mode', 'service.restartCommand'],
      policyFile: '/etc/rport-tray/policy.toml',
      service: { ...connection().service, restartCommand: 'sudo -n systemctl restart rport' },
      canChange: { available: false, reason: "Set by the administrator's policy (/etc/rport-tray/policy.toml)." },
    });
    client.on('getSnapshot', () => ({
      ok: true,
      value: snapshot({ settings: settings({ connection: pinned }, 'desktop') }),
    }));
    client.on('findInstalledServices', () => ({ ok: true, value: { services: [] } }));
    await renderApp(client, 'settings');
    expect((screen.getByTestId('connection-mode-engine') as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByTestId('connection-reason').textContent).toBe(
      "Set by the administrator's policy (/etc/rport-tray/policy.toml).",
    );
    const restart = screen.getByTestId('service-restartCommand') as HTMLInputElement;
    expect(restart.disabled).toBe(true);
    expect(restart.value).toBe('sudo -n systemctl restart rport');
  });
});

describe('Setup: an installed service', () => {
  it('is offered to watch instead of setting up a client', async () => {
    const client = createFakeClient();
    client.on('getSnapshot', () => ({
      ok: true,
      value: snapshot({
        status: appStatus({ setupNeeded: true, engine: null, state: 'stopped' }),
        settings: settings({ connection: connection() }, 'desktop'),
      }),
    }));
    client.on('findImportCandidates', () => ({ ok: true, value: { candidates: [] } }));
    client.on('findInstalledServices', () => ({
      ok: true,
      value: {
        services: [
          { configPath: '/etc/rport/rport.conf', stateFile: '/var/lib/rport/state.json', stateFileExists: true },
        ],
      },
    }));
    client.on('setConnection', () => ({
      ok: true,
      value: settings({ connection: connection({ mode: 'service' }) }, 'desktop'),
    }));
    await renderApp(client, 'setup');
    expect((await screen.findByTestId('service-offer')).textContent).toContain('/etc/rport/rport.conf');
    fireEvent.click(screen.getByTestId('service-offer-watch'));
    await waitFor(() =>
      expect(client.calls.find((c) => c.name === 'setConnection')?.params).toEqual({
        mode: 'service',
        service: { configPath: '/etc/rport/rport.conf' },
      }),
    );
  });

  it('headless: says which command watches it instead of a button', async () => {
    const client = createFakeClient();
    const headless = connection({ canChange: { available: false, reason: 'A headless run follows its command.' } });
    client.on('getSnapshot', () => ({
      ok: true,
      value: snapshot({
        status: appStatus({ setupNeeded: true, engine: null, state: 'stopped' }),
        settings: settings({ connection: headless }),
      }),
    }));
    client.on('findImportCandidates', () => ({ ok: true, value: { candidates: [] } }));
    client.on('findInstalledServices', () => ({
      ok: true,
      value: {
        services: [
          { configPath: '/etc/rport/rport.conf', stateFile: '/var/lib/rport/state.json', stateFileExists: false },
        ],
      },
    }));
    await renderApp(client, 'setup');
    await waitFor(() =>
      expect(screen.getByTestId('service-offer-reason').textContent).toBe('A headless run follows its command.'),
    );
    expect(screen.queryByTestId('service-offer-watch')).toBeNull();
  });
});
