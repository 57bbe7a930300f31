// Settings through the app core: preferences (stored in the data folder only when changed), what a
// headless run cannot do (with reasons), and the client password moved between rport.conf and the
// keychain in both directions, at first start too, without the password reaching the window or a file.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventMessage, Settings } from '../../../../main/shared/contract';
import { secretKeyFor } from '../../../../main/config/config-secrets';
import { PASSWORD, createHarness, ok, okReport, sampleConfig, type Harness } from '../app-test-kit';

let h: Harness | null = null;
afterEach(async () => {
  await h?.cleanup();
  h = null;
});

const settingsEvents = (messages: EventMessage[]): Settings[] =>
  messages.flatMap((m) => (m.event.type === 'settings' ? [m.event.settings] : []));

describe('app core: preferences', () => {
  it('reports headless capabilities with a reason each, and the defaults until something changes', async () => {
    h = await createHarness(sampleConfig());
    const settings = ok(await h.core.request('getPreferences'));
    expect(settings.preferences).toEqual({
      autoStart: true,
      startHidden: true,
      notifications: { connection: true, remoteActivity: true, configProblems: true },
      iconStyle: 'color',
      theme: 'system',
      useSystemProxy: true,
    });
    for (const [name, capability] of Object.entries(settings.capabilities)) {
      expect(capability.available, name).toBe(false);
      expect(capability.reason?.length ?? 0, name).toBeGreaterThan(20);
    }
    expect(settings.passwordStorage).toBe('file');
    expect(ok(await h.core.request('getSnapshot')).settings).toEqual(settings);
    // Reading never creates the preferences file.
    expect(existsSync(path.join(h.dir, 'data', 'preferences.json'))).toBe(false);
  });

  it('stores a change in the data folder, merges notification kinds, and tells every window', async () => {
    h = await createHarness(sampleConfig());
    const after = ok(
      await h.core.request('updatePreferences', { theme: 'dark', notifications: { configProblems: false } }),
    );
    expect(after.preferences.theme).toBe('dark');
    expect(after.preferences.notifications).toEqual({ connection: true, remoteActivity: true, configProblems: false });
    const stored = JSON.parse(readFileSync(path.join(h.dir, 'data', 'preferences.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(stored).toMatchObject({ theme: 'dark', notifications: { configProblems: false, connection: true } });
    expect(settingsEvents(h.messages).at(-1)?.preferences.theme).toBe('dark');
    ok(await h.core.request('updatePreferences', { notifications: { connection: false } }));
    expect(ok(await h.core.request('getPreferences')).preferences.notifications).toEqual({
      connection: false,
      remoteActivity: true,
      configProblems: false,
    });
  });

  it('refuses unknown or mistyped preferences before touching the store', async () => {
    h = await createHarness(sampleConfig());
    for (const bad of [{ theme: 'purple' }, { windowBounds: null }, { notifications: { sms: true } }]) {
      expect(await h.core.request('updatePreferences', bad as never)).toMatchObject({
        ok: false,
        error: { code: 'invalid-request', message: expect.stringMatching(/^invalid params for updatePreferences/) },
      });
    }
    expect(existsSync(path.join(h.dir, 'data', 'preferences.json'))).toBe(false);
  });
});

describe('app core: the password in the keychain', () => {
  it('is refused with the reason where there is no keychain, and the file stays as it was', async () => {
    h = await createHarness(sampleConfig());
    const before = readFileSync(h.file, 'utf8');
    expect(await h.core.request('setPasswordStorage', { storage: 'keychain' })).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringContaining('no OS keychain in a headless run') },
    });
    expect(readFileSync(h.file, 'utf8')).toBe(before);
  });

  it('moves the password into the keychain and back, keeping comments, without restarting the engine', async () => {
    h = await createHarness(sampleConfig(), { keychain: true });
    const secrets = h.secrets!;
    const moved = ok(await h.core.request('setPasswordStorage', { storage: 'keychain' }));
    expect(moved.passwordStorage).toBe('keychain');
    expect(moved.capabilities.keychain).toEqual({ available: true, reason: null });
    const text = readFileSync(h.file, 'utf8');
    expect(text).toBe(sampleConfig().replace(`auth = "client1:${PASSWORD}"`, 'auth = "client1:"'));
    expect(await secrets.getPassword(secretKeyFor(h.file))).toBe(PASSWORD);
    // No copy of the old file with the password either.
    for (const file of [h.file, `${h.file}.bak`]) {
      if (existsSync(file)) expect(readFileSync(file, 'utf8')).not.toContain(PASSWORD);
    }
    expect(h.supervisors).toHaveLength(1);
    const config = ok(await h.core.request('getConfig'));
    expect(config.passwordInKeychain).toBe(true);
    expect(config.hasPassword).toBe(false);
    expect(settingsEvents(h.messages).at(-1)?.passwordStorage).toBe('keychain');

    const back = ok(await h.core.request('setPasswordStorage', { storage: 'file' }));
    expect(back.passwordStorage).toBe('file');
    expect(readFileSync(h.file, 'utf8')).toBe(sampleConfig());
    expect(await secrets.getPassword(secretKeyFor(h.file))).toBeNull();
    expect(h.supervisors).toHaveLength(1);
    expect(JSON.stringify(h.messages)).not.toContain(PASSWORD);
  });

  it('says so when the keychain lost the password, instead of writing an empty one', async () => {
    h = await createHarness(sampleConfig().replace(`client1:${PASSWORD}`, 'client1:'), { keychain: true });
    expect(ok(await h.core.request('getPreferences')).passwordStorage).toBe('keychain');
    expect(await h.core.request('setPasswordStorage', { storage: 'file' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-state', message: expect.stringContaining('holds no password') },
    });
    expect(readFileSync(h.file, 'utf8')).toContain('auth = "client1:"');
  });

  it('puts a password typed in the form into the keychain when the file leaves it there', async () => {
    h = await createHarness(sampleConfig().replace(`client1:${PASSWORD}`, 'client1:'), { keychain: true });
    const doc = ok(await h.core.request('getConfig'));
    expect(doc.passwordInKeychain).toBe(true);
    const draft = ok(
      await h.core.request('patchConfig', { text: doc.text, changes: { 'auth.password': 'New-Keychain-Pa55' } }),
    );
    expect(draft.passwordInKeychain).toBe(true);
    expect(draft.text).not.toContain('New-Keychain-Pa55');
    const saved = ok(await h.core.request('saveConfig', { text: draft.text, baseRevision: doc.revision }));
    expect(saved.saved).toBe(true);
    expect(readFileSync(h.file, 'utf8')).toContain('auth = "client1:"');
    expect(readFileSync(h.file, 'utf8')).not.toContain('New-Keychain-Pa55');
    expect(await h.secrets!.getPassword(secretKeyFor(h.file))).toBe('New-Keychain-Pa55');
    expect(JSON.stringify(h.messages)).not.toContain('New-Keychain-Pa55');

    // A new client ID keeps the password where it is.
    const renamed = ok(
      await h.core.request('patchConfig', { text: saved.document!.text, changes: { 'auth.id': 'c2' } }),
    );
    expect(renamed.text).toContain('auth = "c2:"');
    expect(renamed.passwordInKeychain).toBe(true);
  });
});

describe('app core: first start with the keychain', () => {
  const input = {
    server: 'ws://127.0.0.1:9999',
    fallbackServers: [],
    authId: 'client1',
    password: PASSWORD,
    fingerprint: 'aa:bb',
  };

  it('writes `auth = "id:"` and keeps the password in the keychain only', async () => {
    h = await createHarness(null, { keychain: true });
    h.tester.report = okReport;
    const outcome = ok(await h.core.request('completeSetup', { ...input, keepPasswordInKeychain: true }));
    expect(outcome.saved).toBe(true);
    const text = readFileSync(h.file, 'utf8');
    expect(text).toContain('auth = "client1:"');
    expect(text).not.toContain(PASSWORD);
    expect(await h.secrets!.getPassword(secretKeyFor(h.file))).toBe(PASSWORD);
    expect(h.supervisor.options.config.client.auth).toBe('client1:');
    expect(ok(await h.core.request('getPreferences')).passwordStorage).toBe('keychain');
    expect(JSON.stringify(h.messages)).not.toContain(PASSWORD);
  });

  it('writes nothing when the keychain was asked for but is not there', async () => {
    h = await createHarness(null);
    expect(await h.core.request('completeSetup', { ...input, keepPasswordInKeychain: true })).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
    expect(existsSync(h.file)).toBe(false);
    expect(h.tester.calls).toBe(0);
  });
});
