// Views by URL fragment: which fragments name a view, the store starting on the fragment's view (over
// the setup), and the fragment and the view kept in step both ways.
import { afterEach, describe, expect, it } from 'vitest';
import { bindHashRoute } from '../../../renderer/src/hash-route';
import { createAppStore } from '../../../renderer/src/store/app-store';
import { viewFromHash } from '../../../renderer/src/view-names';
import { appStatus, createFakeClient, snapshot } from './fake-client';

let unbind: (() => void) | null = null;
afterEach(() => {
  unbind?.();
  unbind = null;
  window.history.replaceState(null, '', '#');
});

const nextHashChange = () =>
  new Promise<void>((resolve) => window.addEventListener('hashchange', () => resolve(), { once: true }));

describe('viewFromHash', () => {
  it('knows every view, in any case, and nothing else', () => {
    for (const view of ['status', 'servers', 'tunnels', 'activity', 'logs', 'config', 'settings', 'setup']) {
      expect(viewFromHash(`#${view}`)).toBe(view);
    }
    expect(viewFromHash('#Config')).toBe('config');
    expect(viewFromHash('')).toBeNull();
    expect(viewFromHash('#')).toBeNull();
    expect(viewFromHash('#token=abc')).toBeNull();
    expect(viewFromHash('#constructor')).toBeNull();
    // A malformed escape is no view, not an exception (it would stop the window from loading).
    expect(viewFromHash('#%E0%A4%A')).toBeNull();
    expect(viewFromHash('#%')).toBeNull();
  });
});

describe('the store and the fragment', () => {
  it('starts on the view the fragment names, even when the setup is needed', async () => {
    const client = createFakeClient();
    const setup = snapshot({ status: appStatus({ setupNeeded: true, state: 'stopped', engine: null }) });
    client.on('getSnapshot', () => ({ ok: true, value: setup }));
    const chosen = createAppStore(client, { initialView: 'settings' });
    await chosen.getState().load();
    expect(chosen.getState().view).toBe('settings');
    const plain = createAppStore(client);
    await plain.getState().load();
    expect(plain.getState().view).toBe('setup');
  });

  it('leaves the setup view once a config exists (set up elsewhere, imported)', async () => {
    const client = createFakeClient();
    client.on('getSnapshot', () => ({
      ok: true,
      value: snapshot({ status: appStatus({ setupNeeded: true, state: 'stopped', engine: null }) }),
    }));
    const store = createAppStore(client);
    client.onEvent((m) => store.getState().receive(m));
    await store.getState().load();
    expect(store.getState().view).toBe('setup');
    client.push({ seq: 1, event: { type: 'status', status: appStatus({ setupNeeded: false }) } });
    expect(store.getState().view).toBe('status');
    // Asking for the setup when there is nothing to set up shows the status.
    store.getState().setView('setup');
    expect(store.getState().view).toBe('status');
  });

  it('writes the view into the fragment, and follows a fragment changed from outside', async () => {
    const client = createFakeClient();
    client.on('getSnapshot', () => ({ ok: true, value: snapshot() }));
    const store = createAppStore(client, { initialView: null });
    client.onEvent((m) => store.getState().receive(m));
    unbind = bindHashRoute(store, window);
    expect(window.location.hash).toBe('#status');
    await store.getState().load();

    store.getState().setView('logs');
    expect(window.location.hash).toBe('#logs');

    // The Electron tray's "Edit configuration" on an open window: loadURL(...#config).
    const changed = nextHashChange();
    window.location.hash = '#config';
    await changed;
    expect(store.getState().view).toBe('config');

    // An unknown fragment leaves the view alone.
    const ignored = nextHashChange();
    window.location.hash = '#nothing';
    await ignored;
    expect(store.getState().view).toBe('config');

    unbind();
    unbind = null;
    store.getState().setView('servers');
    expect(window.location.hash).toBe('#nothing');
  });
});
