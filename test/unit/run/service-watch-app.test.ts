// The service-mode composition over the real config service, app core and service watcher, with a fake
// service manager and a state.json the test writes: the core follows the service (status, engine-shaped
// state), edits the service's rport.conf with the same editor, and restarts the service only when a save
// or a hand edit changes its effective config; pause and server switches are refused with the reason.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConf } from '../../../main/config/preferences';
import { HeadlessSettings } from '../../../main/app/settings/headless-settings';
import { NO_TRAY_POLICY } from '../../../main/app/settings/connection-settings';
import { renderStateFile } from '../../../main/engine/state-file';
import { composeServiceWatchApp, type ServiceWatchApp } from '../../../main/run/service-watch-app';
import type { EventMessage } from '../../../main/shared/contract';
import { FakeServiceManager } from '../../support/service-manager/fake-service-manager';
import { fakeSink } from './fake-log-sink';

const PASSWORD = 'Serv1ce-Pa55word';
let dir: string;
let app: ServiceWatchApp | null = null;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rport-service-app-'));
});
afterEach(async () => {
  await app?.stop();
  app = null;
  fs.rmSync(dir, { recursive: true, force: true });
});

const configText = (keepAlive = '1m', comment = '') =>
  `# the service's config${comment}\n[client]\nserver = "http://rport.example.com:8080"\nauth = "client1:${PASSWORD}"\n` +
  `data_dir = ${JSON.stringify(dir)}\n[connection]\nwatchdog_integration = true\nkeep_alive = '${keepAlive}'\n`;

async function compose(options: { config?: boolean } = {}) {
  const configPath = path.join(dir, 'rport.conf');
  if (options.config !== false) fs.writeFileSync(configPath, configText(), { mode: 0o640 });
  fs.writeFileSync(
    path.join(dir, 'state.json'),
    renderStateFile({ state: 'connected', message: 'ping to 10.0.0.1:8080 succeeded within 3ms', at: Date.now() }),
  );
  const manager = new FakeServiceManager('rport');
  const log = fakeSink(dir);
  const settings = new HeadlessSettings(path.join(dir, 'app'), await loadConf(), () => {}, {
    active: 'service',
    policy: NO_TRAY_POLICY,
  });
  app = await composeServiceWatchApp({
    target: { serviceName: 'rport', configPath, stateFile: null },
    manager,
    sink: log.sink,
    mode: 'headless',
    settings,
    appDataDir: path.join(dir, 'app'),
    recordFile: path.join(dir, 'app', 'service-watch-rport.json'),
    policy: { checkIntervalMs: 60_000 },
    platform: 'linux',
    watchDebounceMs: 20,
  });
  const messages: EventMessage[] = [];
  app.core.onEvent((m) => messages.push(m));
  await app.start();
  await app.watcher.check();
  return { app, manager, log, messages, configPath };
}

async function save(a: ServiceWatchApp, edit: (text: string) => string) {
  const doc = await a.core.request('getConfig');
  if (!doc.ok) throw new Error(doc.error.message);
  return a.core.request('saveConfig', { text: edit(doc.value.text), baseRevision: doc.value.revision });
}

describe('service-watch app', () => {
  it('follows the service: its state, its view, and the password nowhere', async () => {
    const { app: a, messages, log } = await compose();
    const status = a.core.status();
    expect(status.state).toBe('connected');
    expect(status.service).toMatchObject({ serviceName: 'rport', health: 'healthy', running: 'running' });
    expect(status.setupNeeded).toBe(false);
    expect(JSON.stringify(messages)).not.toContain(PASSWORD);
    expect(log.scrub(`auth is ${PASSWORD}`)).not.toContain(PASSWORD);
  });

  it('a save that changes nothing the service runs with does not restart it', async () => {
    const { app: a, manager, configPath } = await compose();
    const outcome = await save(a, (text) => text.replace("# the service's config", '# edited by the tray'));
    expect(outcome).toMatchObject({ ok: true, value: { saved: true, restarted: false } });
    expect(fs.readFileSync(configPath, 'utf8')).toContain('# edited by the tray');
    expect(fs.readFileSync(`${configPath}.bak`, 'utf8')).toBe(configText());
    expect(fs.statSync(configPath).mode & 0o777).toBe(0o640);
    expect(manager.restarts).toEqual([]);
  });

  it('a save that changes its effective config restarts it, recorded with the reason', async () => {
    const { app: a, manager, messages } = await compose();
    const outcome = await save(a, (text) => text.replace("keep_alive = '1m'", "keep_alive = '2m'"));
    expect(outcome).toMatchObject({ ok: true, value: { saved: true, restarted: true } });
    expect(manager.restarts).toHaveLength(1);
    expect(a.watcher.current().restarts.at(-1)?.text).toBe('restart requested: its effective config changed');
    const timeline = messages.flatMap((m) => (m.event.type === 'timeline' ? [m.event.entry.text] : []));
    expect(timeline).toContain('Configuration saved; service restarted');
    expect(messages.some((m) => m.event.type === 'config-changed')).toBe(true);
  });

  it('a hand edit on disk is applied the same way', async () => {
    const { manager, configPath } = await compose();
    fs.writeFileSync(configPath, configText('1m', ' (touched)'));
    await new Promise((r) => setTimeout(r, 300));
    expect(manager.restarts).toEqual([]);
    fs.writeFileSync(configPath, configText('90s'));
    for (let i = 0; i < 50 && manager.restarts.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(manager.restarts).toHaveLength(1);
  });

  it('refuses to pause or switch servers, and restarts the service when asked', async () => {
    const { app: a, manager } = await compose();
    const paused = await a.core.request('pause');
    expect(paused).toMatchObject({
      ok: false,
      error: { code: 'invalid-state', message: expect.stringContaining('runs on its own') },
    });
    expect(await a.core.request('restartEngine')).toEqual({ ok: true, value: null });
    for (let i = 0; i < 20 && manager.restarts.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(manager.restarts).toHaveLength(1);
  });

  it('reports the connection setting of a headless watch: the service, not changeable from the window', async () => {
    const { app: a } = await compose();
    const settings = await a.core.request('getPreferences');
    expect(settings.ok && settings.value.connection).toMatchObject({
      activeMode: 'service',
      canChange: { available: false },
    });
  });

  it('follows the service even when its config cannot be read: no setup, the problem shown', async () => {
    const { app: a } = await compose({ config: false });
    const status = a.core.status();
    expect(status.setupNeeded).toBe(false);
    expect(status.service?.problems[0]?.message).toMatch(/^cannot read .*rport.conf \(ENOENT/);
    expect(status.service?.health).toBe('unjudged');
  });
});
