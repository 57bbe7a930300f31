// The desktop app in service mode (issue 17), with `electron` kept out (plain modules): the setting and
// its policy lock, the restart of the app that applies a change, the tray's state line and menu, and the
// notifications, which tell about the service instead of the app's own engine.
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_PREFERENCES, Preferences } from '../../../main/config/preferences';
import { DesktopSettings } from '../../../main/electron/settings/desktop-settings';
import { setupSettings } from '../../../main/electron/startup/settings';
import { parsePolicyText } from '../../../main/config/policy';
import { NotificationController } from '../../../main/electron/notifications/notification-controller';
import type { DesktopNotice } from '../../../main/electron/notifications/desktop-notices';
import { trayMenuModel, type TrayMenuItem } from '../../../main/electron/tray/tray-menu-model';
import { stateLine, snapshotFromStatus } from '../../../main/electron/tray/tray-state';
import type { AppStatus } from '../../../main/shared/contract';
import type { ServiceWatchView } from '../../../main/shared/types/service-watch-types';
import { engineStatus } from './tray-fixtures';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDesktopServiceCore } from '../../../main/electron/desktop-service-core';
import { renderStateFile } from '../../../main/engine/state-file';
import { FakeServiceManager } from '../../support/service-manager/fake-service-manager';
import { fakeSink } from '../run/fake-log-sink';

const autoStart = { isEnabled: async () => false, setEnabled: async () => undefined };
const store = (over: Record<string, unknown> = {}) => ({
  store: { ...DEFAULT_PREFERENCES, ...over } as Record<string, unknown>,
});

function view(over: Partial<ServiceWatchView> = {}): ServiceWatchView {
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
    lastUpdateAt: 1_000,
    health: 'healthy',
    healthText: 'state.json updated 5 s ago',
    deadlineMs: 311_000,
    problems: [],
    restarts: [],
    restartCount: 0,
    failedReason: null,
    budget: { burst: 5, intervalMs: 3_600_000 },
    checkedAt: 2_000,
    ...over,
  };
}

function status(service: ServiceWatchView, over: Partial<AppStatus> = {}): AppStatus {
  return {
    state: 'connected',
    message: service.lastMessage ?? '',
    engine: engineStatus({ state: 'connected', message: service.lastMessage ?? '', lastPingMs: 3 }),
    supervisor: { phase: 'running', failedReason: null, nextRestartAt: null, restartCount: 0 },
    lastUpdateAt: 1_000,
    setupNeeded: false,
    configPath: service.configPath,
    configIssue: null,
    service,
    ...over,
  };
}

describe('service mode settings (desktop)', () => {
  it('follows the stored mode, and restarts the app to apply a change', async () => {
    const onConnectionChange = vi.fn();
    const prefs = new Preferences(store());
    const settings = await DesktopSettings.open({
      preferences: prefs,
      autoStart,
      platform: 'linux',
      autoStartAvailable: true,
      notificationsSupported: true,
      onConnectionChange,
    });
    expect(settings.connection()).toMatchObject({
      mode: 'engine',
      activeMode: 'engine',
      canChange: { available: true },
    });
    const after = await settings.updateConnection({
      mode: 'service',
      service: { configPath: '/etc/rport/rport.conf' },
    });
    expect(after).toMatchObject({
      mode: 'service',
      activeMode: 'engine',
      service: { configPath: '/etc/rport/rport.conf' },
    });
    expect(prefs.get().connectionMode).toBe('service');
    expect(onConnectionChange).toHaveBeenCalledTimes(1);
    // A service setting changed while the app follows its own engine: nothing to restart for.
    const engineRun = await DesktopSettings.open({
      preferences: new Preferences(store()),
      autoStart,
      platform: 'linux',
      autoStartAvailable: true,
      notificationsSupported: true,
      onConnectionChange,
    });
    await engineRun.updateConnection({ service: { restartCommand: 'sudo -n systemctl restart rport' } });
    expect(onConnectionChange).toHaveBeenCalledTimes(1);
    await expect(engineRun.updateConnection({ service: { restartCommand: 'sudo "x' } })).rejects.toThrow(
      /The service's restartCommand: unclosed "/,
    );
  });

  it("takes the policy's mode, locked, and the app relaunches through Electron's app", async () => {
    const app = { relaunch: vi.fn(), quit: vi.fn() };
    const policy = parsePolicyText('[rport-tray]\nmode = "service"\n', '/etc/rport-tray/policy.toml');
    const settings = await setupSettings({
      preferences: new Preferences(store()),
      startAtLogin: { autoStart, available: true } as never,
      platform: 'linux',
      notificationsSupported: true,
      nativeTheme: { themeSource: 'system' },
      app,
      loadPolicy: async () => policy,
    });
    expect(settings.connection()).toMatchObject({
      mode: 'service',
      activeMode: 'service',
      locked: ['mode'],
      canChange: { available: false, reason: "Set by the administrator's policy (/etc/rport-tray/policy.toml)." },
    });
    await expect(settings.updateConnection({ mode: 'engine' })).rejects.toThrow(/set by the administrator's policy/);
    await settings.updateConnection({ service: { statusCommand: 'check-rport' } });
    expect(app.relaunch).toHaveBeenCalledTimes(1);
    expect(app.quit).toHaveBeenCalledTimes(1);
  });
});

describe('service mode tray', () => {
  const menuIds = (items: TrayMenuItem[]) => items.map((i) => (i.kind === 'item' ? `${i.id}:${i.label}` : '-'));
  const input = (s: AppStatus) => ({ ...snapshotFromStatus(s), startAtLogin: false, startAtLoginAvailable: true });

  it('names the service in the state line, by what the watchdog judged', () => {
    expect(stateLine(snapshotFromStatus(status(view())))).toBe('rport service: Connected');
    expect(
      stateLine(
        snapshotFromStatus(
          status(view({ health: 'restarting' }), {
            supervisor: { phase: 'restarting', failedReason: null, nextRestartAt: null, restartCount: 1 },
          }),
        ),
      ),
    ).toBe('Restarting the rport service…');
    expect(stateLine(snapshotFromStatus(status(view({ health: 'stopped' }))))).toBe('The rport service is not running');
    expect(stateLine(snapshotFromStatus(status(view({ health: 'unjudged' }))))).toBe(
      'rport service: cannot judge it (open the window)',
    );
    expect(
      stateLine(
        snapshotFromStatus(
          status(view(), { supervisor: { phase: 'failed', failedReason: 'x', nextRestartAt: null, restartCount: 5 } }),
        ),
      ),
    ).toBe('Gave up restarting the rport service');
  });

  it('offers restarting the service and editing its config, not the engine-only items', () => {
    expect(menuIds(trayMenuModel(input(status(view()))))).toEqual([
      'state:rport service: Connected',
      '-',
      'open:Open RPort Tray',
      '-',
      'restart-engine:Restart the rport service',
      "edit-config:Edit the rport service's configuration…",
      '-',
      'start-at-login:Start at login',
      '-',
      'quit:Quit',
    ]);
    const failed = status(view(), {
      supervisor: { phase: 'failed', failedReason: 'x', nextRestartAt: null, restartCount: 5 },
    });
    expect(menuIds(trayMenuModel(input(failed)))).toContain('restart-engine:Retry (restart the rport service)');
  });
});

describe('service mode notifications', () => {
  it('tells about the service (restarts with their reason), never about an engine', () => {
    const offered: DesktopNotice[] = [];
    const controller = new NotificationController({ offer: (n) => void offered.push(n) });
    const first = view();
    controller.onSnapshot(snapshotFromStatus(status(first)));
    controller.onService(first);
    expect(offered).toEqual([]);
    const restarted = view({
      health: 'restarting',
      restartCount: 1,
      restarts: [
        {
          at: 5_000,
          text: 'state.json not updated for 400 s while connected (deadline 311 s)',
          count: 1,
          failed: false,
        },
      ],
    });
    controller.onSnapshot(snapshotFromStatus(status(restarted, { state: 'reconnecting' })));
    controller.onService(restarted);
    controller.onRestart({ at: 5_000, text: 'Watchdog restarted the rport service: …' });
    expect(offered).toEqual([
      {
        kind: 'service',
        title: 'The rport service was restarted',
        body: 'State.json not updated for 400 s while connected (deadline 311 s).',
        key: 'service-restart:5000',
      },
    ]);
  });
});

describe('createDesktopServiceCore', () => {
  it('builds the service-watch composition from the settings: the core follows the service', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rport-desktop-service-'));
    try {
      const configPath = path.join(dir, 'rport.conf');
      fs.writeFileSync(
        configPath,
        `[client]\nserver = "http://x:8080"\ndata_dir = ${JSON.stringify(dir)}\n[connection]\nwatchdog_integration = true\n`,
      );
      fs.writeFileSync(
        path.join(dir, 'state.json'),
        renderStateFile({ state: 'reconnecting', message: 'Retrying in 5s...', at: Date.now() }),
      );
      const prefs = new Preferences(store());
      const settings = await DesktopSettings.open({
        preferences: prefs,
        autoStart,
        platform: 'linux',
        autoStartAvailable: true,
        notificationsSupported: true,
      });
      const app = await createDesktopServiceCore({
        service: { ...DEFAULT_PREFERENCES.service, configPath },
        dataDir: path.join(dir, 'app'),
        manager: new FakeServiceManager('rport'),
        preferences: prefs,
        settings,
        dialogs: { chooseConfigFile: async () => null, chooseSavePath: async () => null },
        sink: fakeSink(dir).sink,
      });
      await app.start();
      await app.watcher.check();
      expect(app.core.status()).toMatchObject({
        state: 'reconnecting',
        service: { configPath, health: 'healthy', lastState: 'reconnecting' },
      });
      expect(app.core.snapshot().app.mode).toBe('electron');
      await app.stop();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
