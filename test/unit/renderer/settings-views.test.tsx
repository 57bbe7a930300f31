// The window's settings-related views with a fake app: Settings (reasons when unavailable, changes sent
// as patches, the keychain switch), the theme applied from the settings, the config-problem banner, the
// setup's keychain choice, importing a config, and the desktop app saving diagnostics through main.
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigDocument, ImportPreview, Settings } from '../../../main/shared/contract';
import { appStatus, createFakeClient, settings, snapshot } from './fake-client';
import { renderApp } from './render-app';

afterEach(() => {
  cleanup();
  document.documentElement.removeAttribute('data-theme');
});

const box = (id: string) => screen.getByTestId(id) as HTMLInputElement;

describe('Settings view', () => {
  it('headless: what only the desktop app can do is disabled, each with the app’s reason', async () => {
    const client = createFakeClient();
    client.on('getSnapshot', () => ({ ok: true, value: snapshot() }));
    await renderApp(client, 'settings');
    for (const [id, reason] of [
      ['pref-autostart', 'no login items headless'],
      ['pref-start-hidden', 'no window to hide'],
      ['pref-notify-connection', 'no notifications headless'],
      ['pref-keychain', 'no keychain headless'],
    ]) {
      expect(box(id!).disabled, id).toBe(true);
      expect(screen.getByTestId(`${id}-reason`).textContent).toBe(reason);
    }
    expect((screen.getByTestId('pref-icon-style') as HTMLSelectElement).disabled).toBe(true);
    expect(screen.getByTestId('pref-icon-style-reason').textContent).toBe('no tray icon headless');
    // The theme works everywhere.
    expect((screen.getByTestId('pref-theme-dark') as HTMLButtonElement).disabled).toBe(false);
  });

  it('desktop: each switch sends only its change, and the view shows what the app answers', async () => {
    const client = createFakeClient();
    let current: Settings = settings({}, 'desktop');
    client.on('getSnapshot', () => ({ ok: true, value: snapshot({ settings: current }) }));
    client.on('updatePreferences', (p) => {
      const patch = p as Partial<Settings['preferences']> & { notifications?: Record<string, boolean> };
      current = {
        ...current,
        preferences: {
          ...current.preferences,
          ...patch,
          notifications: { ...current.preferences.notifications, ...patch.notifications },
        },
      };
      return { ok: true, value: current };
    });
    await renderApp(client, 'settings');
    fireEvent.click(box('pref-notify-remote'));
    await waitFor(() => expect(box('pref-notify-remote').checked).toBe(false));
    fireEvent.click(box('pref-autostart'));
    await waitFor(() => expect(box('pref-autostart').checked).toBe(false));
    fireEvent.change(screen.getByTestId('pref-icon-style'), { target: { value: 'monochrome' } });
    await waitFor(() => expect((screen.getByTestId('pref-theme-light') as HTMLButtonElement).disabled).toBe(false));
    expect((screen.getByTestId('pref-icon-style') as HTMLSelectElement).value).toBe('monochrome');
    fireEvent.click(screen.getByTestId('pref-theme-light'));
    await waitFor(() => expect(document.documentElement.getAttribute('data-theme')).toBe('light'));
    expect(client.calls.filter((c) => c.name === 'updatePreferences').map((c) => c.params)).toEqual([
      { notifications: { remoteActivity: false } },
      { autoStart: false },
      { iconStyle: 'monochrome' },
      { theme: 'light' },
    ]);
    expect(screen.getByTestId('pref-theme-light').getAttribute('aria-checked')).toBe('true');
  });

  it('moves the password to the keychain on request, and is blocked until there is a password', async () => {
    const client = createFakeClient();
    const desktop = settings({ passwordStorage: 'none' }, 'desktop');
    client.on('getSnapshot', () => ({ ok: true, value: snapshot({ settings: desktop }) }));
    client.on('setPasswordStorage', () => ({ ok: true, value: { ...desktop, passwordStorage: 'keychain' } }));
    await renderApp(client, 'settings');
    expect(box('pref-keychain').disabled).toBe(true);
    expect(screen.getByTestId('pref-keychain-reason').textContent).toContain('Set up the connection first');
    act(() => client.push({ seq: 1, event: { type: 'settings', settings: { ...desktop, passwordStorage: 'file' } } }));
    expect(box('pref-keychain').disabled).toBe(false);
    expect(box('pref-keychain').checked).toBe(false);
    fireEvent.click(box('pref-keychain'));
    await waitFor(() => expect(box('pref-keychain').checked).toBe(true));
    expect(client.calls.find((c) => c.name === 'setPasswordStorage')?.params).toEqual({ storage: 'keychain' });
    expect(screen.getAllByTestId('notice').map((n) => n.textContent)).toEqual([
      expect.stringContaining('now kept in the system keychain'),
    ]);
  });
});

describe('theme', () => {
  it('follows the settings of the snapshot and of later events', async () => {
    const client = createFakeClient();
    client.on('getSnapshot', () => ({
      ok: true,
      value: snapshot({ settings: settings({ preferences: { ...settings().preferences, theme: 'dark' } }) }),
    }));
    await renderApp(client);
    expect(document.documentElement.getAttribute('data-theme')).toBe('dark');
    act(() => client.push({ seq: 1, event: { type: 'settings', settings: settings() } }));
    expect(document.documentElement.hasAttribute('data-theme')).toBe(false);
  });
});

describe('config problem banner', () => {
  it('shows the first error in every view and leads to the Config view', async () => {
    const client = createFakeClient();
    client.on('getSnapshot', () => ({ ok: true, value: snapshot() }));
    client.on('getConfig', () => ({ ok: false, error: { code: 'unavailable', message: 'not in this test' } }));
    await renderApp(client, 'logs');
    expect(screen.queryByTestId('config-issue-banner')).toBeNull();
    const issue = { message: 'line 4: client.server: bad', file: '/c/rport.conf', line: 4, errorCount: 3, at: 1 };
    act(() => client.push({ seq: 1, event: { type: 'status', status: appStatus({ configIssue: issue }) } }));
    expect(screen.getByTestId('config-issue-message').textContent).toBe('line 4: client.server: bad (and 2 more)');
    expect(screen.getByTestId('config-issue-banner').textContent).toContain('The last good config keeps running');
    fireEvent.click(screen.getByTestId('config-issue-open'));
    expect(screen.getByTestId('nav-config').getAttribute('aria-current')).toBe('page');
    act(() => client.push({ seq: 2, event: { type: 'status', status: appStatus() } }));
    expect(screen.queryByTestId('config-issue-banner')).toBeNull();
  });
});

describe('data folder banner', () => {
  it('says in every view when the engine cannot use data_dir, and goes away when it can', async () => {
    const client = createFakeClient();
    client.on('getSnapshot', () => ({ ok: true, value: snapshot() }));
    await renderApp(client, 'tunnels');
    expect(screen.queryByTestId('data-dir-problem')).toBeNull();
    const base = appStatus();
    const problem = 'state.json: cannot write in data_dir "/d": ENOSPC: no space left on device';
    const broken = appStatus({ engine: { ...base.engine!, dataDirProblem: problem } });
    act(() => client.push({ seq: 1, event: { type: 'status', status: broken } }));
    expect(screen.getByTestId('data-dir-problem').textContent).toContain(problem);
    expect(screen.getByTestId('data-dir-problem').textContent).toContain('The client stays connected');
    act(() => client.push({ seq: 2, event: { type: 'status', status: appStatus() } }));
    expect(screen.queryByTestId('data-dir-problem')).toBeNull();
  });
});

describe('first-start setup', () => {
  const setupSnapshot = (s: Settings) =>
    snapshot({ status: appStatus({ setupNeeded: true, state: 'stopped', engine: null }), settings: s });

  it('offers the keychain where there is one (on by default) and asks for it on save', async () => {
    const client = createFakeClient();
    client.on('getSnapshot', () => ({ ok: true, value: setupSnapshot(settings({}, 'desktop')) }));
    client.on('findImportCandidates', () => ({ ok: true, value: { candidates: [] } }));
    client.on('completeSetup', () => ({ ok: true, value: { saved: true, problems: [], report: null } }));
    await renderApp(client);
    expect(box('setup-keychain').checked).toBe(true);
    fireEvent.change(screen.getByTestId('setup-server'), { target: { value: 'ws://127.0.0.1:1' } });
    fireEvent.change(screen.getByTestId('setup-auth-id'), { target: { value: 'c1' } });
    fireEvent.change(screen.getByTestId('setup-password'), { target: { value: 'pw' } });
    fireEvent.submit(screen.getByTestId('setup-save').closest('form')!);
    await waitFor(() => expect(client.calls.some((c) => c.name === 'completeSetup')).toBe(true));
    expect(client.calls.find((c) => c.name === 'completeSetup')?.params).toMatchObject({
      authId: 'c1',
      keepPasswordInKeychain: true,
    });
  });

  it('has no keychain choice headless, and never asks for it', async () => {
    const client = createFakeClient();
    client.on('getSnapshot', () => ({ ok: true, value: setupSnapshot(settings()) }));
    client.on('findImportCandidates', () => ({ ok: true, value: { candidates: [] } }));
    client.on('completeSetup', () => ({ ok: true, value: { saved: true, problems: [], report: null } }));
    await renderApp(client);
    expect(screen.queryByTestId('setup-keychain')).toBeNull();
    fireEvent.change(screen.getByTestId('setup-server'), { target: { value: 'ws://127.0.0.1:1' } });
    fireEvent.submit(screen.getByTestId('setup-save').closest('form')!);
    await waitFor(() => expect(client.calls.some((c) => c.name === 'completeSetup')).toBe(true));
    expect(client.calls.find((c) => c.name === 'completeSetup')?.params).not.toHaveProperty('keepPasswordInKeychain');
  });
});

const emptyDocument: ConfigDocument = {
  text: '',
  problems: [],
  form: null,
  hasPassword: false,
  passwordInKeychain: false,
  path: '/home/me/rport.conf',
  exists: false,
  lockedKeys: [],
  revision: 'none',
};

describe('import panel', () => {
  const preview = (over: Partial<ImportPreview> = {}): ImportPreview => ({
    path: '/etc/rport/rport.conf',
    problems: [],
    notes: ['removed data_dir = "/var/lib/rport"'],
    canImport: true,
    configPath: '/home/me/rport.conf',
    replaces: true,
    backupPath: '/home/me/rport.conf.bak',
    ...over,
  });

  it('is reached from Settings, lists what it found, and replaces the config only after the confirmation', async () => {
    const client = createFakeClient();
    client.on('getSnapshot', () => ({ ok: true, value: snapshot() }));
    client.on('getConfig', () => ({ ok: true, value: emptyDocument }));
    client.on('findImportCandidates', () => ({
      ok: true,
      value: {
        candidates: [
          { path: '/etc/rport/rport.conf', readable: true },
          { path: '/usr/local/etc/rport/rport.conf', readable: false },
        ],
      },
    }));
    client.on('previewImport', () => ({ ok: true, value: preview() }));
    client.on('importConfig', () => ({
      ok: true,
      value: { imported: true, problems: [], notes: [], backupPath: '/home/me/rport.conf.bak' },
    }));
    await renderApp(client, 'settings');
    fireEvent.click(screen.getByTestId('settings-open-config'));
    fireEvent.click(await screen.findByTestId('config-import'));
    await screen.findAllByTestId('import-candidate');
    const [readable, locked] = screen.getAllByTestId('import-candidate');
    expect(locked!.textContent).toContain('not readable by you');
    // A browser window types any other path.
    expect(screen.getByTestId('import-path')).toBeTruthy();
    fireEvent.click(readable!.querySelector('button')!);
    await screen.findByTestId('import-preview');
    expect(client.calls.find((c) => c.name === 'previewImport')?.params).toEqual({ path: '/etc/rport/rport.conf' });
    expect(screen.getByTestId('import-note').textContent).toContain('/var/lib/rport');
    expect(screen.getByTestId('import-preview').textContent).toContain('/home/me/rport.conf.bak');
    const submit = screen.getByTestId('import-submit') as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    fireEvent.click(screen.getByTestId('import-replace-confirm'));
    expect(submit.disabled).toBe(false);
    fireEvent.click(submit);
    await waitFor(() => expect(client.calls.some((c) => c.name === 'importConfig')).toBe(true));
    expect(client.calls.find((c) => c.name === 'importConfig')?.params).toEqual({
      path: '/etc/rport/rport.conf',
      replaceExisting: true,
    });
    await waitFor(() =>
      expect(
        screen
          .getAllByTestId('notice')
          .map((n) => n.textContent)
          .join(' '),
      ).toContain('kept as /home/me/rport.conf.bak'),
    );
    // The editor reloads the imported file.
    expect(client.calls.filter((c) => c.name === 'getConfig').length).toBeGreaterThanOrEqual(2);
  });

  it('previews a typed path (browser), shows its problems, and never imports a file with errors', async () => {
    const client = createFakeClient();
    client.on('getSnapshot', () => ({
      ok: true,
      value: snapshot({ status: appStatus({ setupNeeded: true, state: 'stopped', engine: null }) }),
    }));
    client.on('findImportCandidates', () => ({ ok: true, value: { candidates: [] } }));
    client.on('previewImport', () => ({
      ok: true,
      value: preview({
        replaces: false,
        canImport: false,
        problems: [{ severity: 'error', file: '/x.conf', line: 3, key: 'client.server', message: 'bad' }],
      }),
    }));
    await renderApp(client);
    fireEvent.click(screen.getByText('Already have an rport.conf? Import it'));
    expect(await screen.findByTestId('import-none-found')).toBeTruthy();
    expect(screen.queryByTestId('import-choose')).toBeNull();
    fireEvent.change(screen.getByTestId('import-path'), { target: { value: '/x.conf' } });
    fireEvent.click(screen.getByTestId('import-check'));
    await screen.findByTestId('import-preview');
    expect(client.calls.find((c) => c.name === 'previewImport')?.params).toEqual({ path: '/x.conf' });
    expect(screen.getByTestId('config-problem').dataset.line).toBe('3');
    expect((screen.getByTestId('import-submit') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.queryByTestId('import-replace-confirm')).toBeNull();
  });

  it('desktop: picks any file in a native dialog instead of a path field', async () => {
    const client = createFakeClient();
    client.on('getSnapshot', () => ({ ok: true, value: snapshot({ settings: settings({}, 'desktop') }) }));
    client.on('getConfig', () => ({ ok: true, value: emptyDocument }));
    client.on('findImportCandidates', () => ({ ok: true, value: { candidates: [] } }));
    client.on('chooseImportFile', () => ({ ok: true, value: { path: '/media/usb/rport.conf' } }));
    client.on('previewImport', (p) => ({ ok: true, value: preview({ path: (p as { path: string }).path }) }));
    await renderApp(client, 'config');
    fireEvent.click(await screen.findByTestId('config-import'));
    await screen.findByTestId('import-none-found');
    expect(screen.queryByTestId('import-path')).toBeNull();
    fireEvent.click(screen.getByTestId('import-choose'));
    await screen.findByTestId('import-preview');
    expect(client.calls.find((c) => c.name === 'previewImport')?.params).toEqual({ path: '/media/usb/rport.conf' });
  });
});

describe('diagnostics in the desktop app', () => {
  it('are saved by main through its save dialog, not downloaded by the window', async () => {
    const client = createFakeClient();
    client.on('getSnapshot', () => ({ ok: true, value: snapshot({ settings: settings({}, 'desktop') }) }));
    client.on('saveDiagnostics', () => ({ ok: true, value: { saved: true, path: '/home/me/d.zip', bytes: 10 } }));
    await renderApp(client, 'logs');
    fireEvent.click(screen.getByTestId('export-diagnostics'));
    await waitFor(() => expect(screen.getAllByTestId('notice')[0]?.textContent).toContain('/home/me/d.zip'));
    expect(client.calls.some((c) => c.name === 'exportDiagnostics')).toBe(false);
  });
});
