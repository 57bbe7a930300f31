import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { appDataDir, defaultConfigPath, policyFilePath, goClientConfigPaths } from '../../../main/config/app-paths';
import { importConfig } from '../../../main/config/import-config';
import {
  openNodePreferences,
  migratePreferences,
  DEFAULT_PREFERENCES,
  loadConf,
} from '../../../main/config/preferences';
import { ConfigService, type ConfigServiceEvent } from '../../../main/config/config-service';
import { MemorySecretStore } from '../../../main/config/secret-store';
import { fixtureText, DATA_DIR } from './helpers';
import { SECRET_MASK } from '../../../main/shared/secrets';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rport-tray-app-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('per-OS paths', () => {
  it('puts the data folder, default config and policy where each OS expects them', () => {
    expect(appDataDir({ platform: 'linux', env: {}, home: '/home/ann' })).toBe('/home/ann/.local/share/rport-tray');
    expect(appDataDir({ platform: 'linux', env: { XDG_DATA_HOME: '/xdg' }, home: '/home/ann' })).toBe(
      '/xdg/rport-tray',
    );
    expect(appDataDir({ platform: 'darwin', env: {}, home: '/Users/ann' })).toBe(
      '/Users/ann/Library/Application Support/RPort Tray',
    );
    expect(
      appDataDir({ platform: 'win32', env: { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, home: 'C:\\Users\\ann' }),
    ).toBe('C:\\Users\\ann\\AppData\\Roaming\\RPort Tray');
    expect(defaultConfigPath({ platform: 'win32', env: { APPDATA: 'C:\\A' } })).toBe('C:\\A\\RPort Tray\\rport.conf');
    expect(policyFilePath({ platform: 'linux', env: {} })).toBe('/etc/rport-tray/policy.toml');
    expect(policyFilePath({ platform: 'darwin', env: {} })).toBe('/Library/Application Support/RPort Tray/policy.toml');
    expect(policyFilePath({ platform: 'win32', env: { ProgramData: 'C:\\ProgramData' } })).toBe(
      'C:\\ProgramData\\RPort Tray\\policy.toml',
    );
    expect(policyFilePath({ platform: 'linux', env: { RPORT_TRAY_POLICY: '/tmp/p.toml' } })).toBe('/tmp/p.toml');
    expect(goClientConfigPaths({ platform: 'win32', env: {} })).toEqual(['C:\\Program Files\\rport\\rport.conf']);
  });
});

describe('importing a Go client config', () => {
  it("copies it 0600, dropping a data_dir that points to the service's folder", async () => {
    const from = path.join(dir, 'service.conf');
    const to = path.join(dir, 'mine.conf');
    writeFileSync(from, fixtureText().replace('#data_dir = "/var/lib/rport"', 'data_dir = "/var/lib/rport"'));
    const result = await importConfig(from, to, { defaultDataDir: DATA_DIR, platform: 'linux', policyPath: null });
    expect(result.imported).toBe(true);
    expect(result.notes[0]).toContain("the service's folder");
    const copied = readFileSync(to, 'utf8');
    expect(copied).not.toContain('data_dir = "/var/lib/rport"');
    expect(copied).toContain('## Where the client keeps state.json, scripts and uploads.');
    if (process.platform !== 'win32') expect(statSync(to).mode & 0o777).toBe(0o600);
  });

  it('refuses an invalid config unless asked', async () => {
    const from = path.join(dir, 'bad.conf');
    writeFileSync(from, '[client]\nname = "x"\n');
    const to = path.join(dir, 'mine.conf');
    const refused = await importConfig(from, to, { defaultDataDir: DATA_DIR, platform: 'linux', policyPath: null });
    expect(refused.imported).toBe(false);
    expect(refused.problems[0]?.message).toBe('server address is required');
    const forced = await importConfig(from, to, {
      defaultDataDir: DATA_DIR,
      platform: 'linux',
      policyPath: null,
      allowInvalid: true,
    });
    expect(forced.imported).toBe(true);
  });
});

describe('app preferences', () => {
  it('stores validated preferences with conf in an absolute cwd and reads them back', async () => {
    const Conf = await loadConf();
    const prefs = openNodePreferences(dir, Conf).preferences;
    expect(prefs.get()).toEqual(DEFAULT_PREFERENCES);
    prefs.update({ iconStyle: 'monochrome', windowBounds: { x: 1, y: 2, width: 800, height: 600, maximized: false } });
    expect(() => prefs.update({ iconStyle: 'neon' as never })).toThrow();
    const again = openNodePreferences(dir, Conf).preferences;
    expect(again.get().iconStyle).toBe('monochrome');
    expect(again.get().windowBounds?.width).toBe(800);
    expect(JSON.parse(readFileSync(path.join(dir, 'preferences.json'), 'utf8')).schemaVersion).toBe(2);
  });

  it('migrates old stores explicitly and defaults invalid fields', () => {
    expect(migratePreferences({ autoStart: false, notifications: false }).notifications).toEqual({
      connection: false,
      configProblems: false,
      remoteActivity: false,
    });
    const v1 = migratePreferences({ schemaVersion: 1, notifications: true, iconStyle: 'bogus', autoStart: false });
    expect(v1).toMatchObject({ schemaVersion: 2, iconStyle: 'color', autoStart: false });
    expect(v1.notifications).toEqual({ connection: true, configProblems: true, remoteActivity: true });
    expect(DEFAULT_PREFERENCES.notifications.remoteActivity).toBe(true);
  });
});

describe('config service', () => {
  it('keeps the last good config when the file on disk becomes invalid, and says so', async () => {
    const file = path.join(dir, 'rport.conf');
    writeFileSync(file, fixtureText(), { mode: 0o600 });
    const service = new ConfigService({
      file,
      defaultDataDir: DATA_DIR,
      platform: 'linux',
      policyPath: null,
      watchDebounceMs: 30,
      secretStore: new MemorySecretStore(),
    });
    const events: ConfigServiceEvent[] = [];
    service.on((e) => events.push(e));
    try {
      const loaded = await service.load();
      expect(loaded.ok).toBe(true);
      service.watch();
      const invalid = new Promise<ConfigServiceEvent>((resolve) =>
        service.on((e) => e.type === 'invalid' && resolve(e)),
      );
      writeFileSync(file, fixtureText().replace("keep_alive = '3m'", "keep_alive = 'later'"));
      const event = await invalid;
      expect(event.loaded.problems).toContainEqual(expect.objectContaining({ key: 'connection.keep_alive', line: 77 }));
      expect(service.lastGood?.config.connection.keep_alive).toBe(180e9);
      expect((await service.engineConfig())?.config.client.server).toBe('rport.example.com:8080');
      // Saving through the service validates and adopts the new text.
      const saved = await service.saveText(fixtureText().replace("keep_alive = '3m'", "keep_alive = '1m'"));
      expect(saved.saved).toBe(true);
      expect(service.lastGood?.config.connection.keep_alive).toBe(60e9);
      const port = service.port();
      expect(port.validate('[client]\n', file).config).toBeNull();
      expect(port.redactText('auth = "a:b"\n')).toBe(`auth = "a:${SECRET_MASK}"\n`);
      expect(events.map((e) => e.type)).toEqual(['loaded', 'invalid', 'loaded']);
    } finally {
      service.close();
    }
  });
});
