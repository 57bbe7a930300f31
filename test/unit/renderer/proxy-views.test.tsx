// The window says which proxy is in use and where it came from (never its password), and Settings offers
// "Use the system proxy" in the desktop app only.
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../../main/shared/contract';
import { appStatus, createFakeClient, settings, snapshot } from './fake-client';
import { renderApp } from './render-app';

afterEach(cleanup);

describe('proxy in the window', () => {
  it('shows the proxy in use with its source on the Status view, and nothing for a direct connection', async () => {
    const base = appStatus();
    const viaProxy = appStatus({
      engine: base.engine ? { ...base.engine, proxy: 'http://proxy.corp:3128 (from HTTPS_PROXY)' } : null,
    });
    const client = createFakeClient();
    client.on('getSnapshot', () => ({ ok: true, value: snapshot({ status: viaProxy }) }));
    await renderApp(client);
    expect(screen.getByTestId('proxy-in-use').textContent).toBe('Proxy: http://proxy.corp:3128 (from HTTPS_PROXY)');
    cleanup();
    const direct = createFakeClient();
    direct.on('getSnapshot', () => ({ ok: true, value: snapshot() }));
    await renderApp(direct);
    expect(screen.queryByTestId('proxy-in-use')).toBeNull();
  });

  it('headless: the system proxy switch is off with the reason', async () => {
    const client = createFakeClient();
    client.on('getSnapshot', () => ({ ok: true, value: snapshot() }));
    await renderApp(client, 'settings');
    expect((screen.getByTestId('pref-system-proxy') as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByTestId('pref-system-proxy-reason').textContent).toBe('the environment sets the proxy headless');
  });

  it('desktop: turning the system proxy off sends only that change', async () => {
    const client = createFakeClient();
    let current: Settings = settings({}, 'desktop');
    client.on('getSnapshot', () => ({ ok: true, value: snapshot({ settings: current }) }));
    client.on('updatePreferences', (p) => {
      current = { ...current, preferences: { ...current.preferences, ...(p as Partial<Settings['preferences']>) } };
      return { ok: true, value: current };
    });
    await renderApp(client, 'settings');
    const box = screen.getByTestId('pref-system-proxy') as HTMLInputElement;
    expect(box.checked).toBe(true);
    fireEvent.click(box);
    await waitFor(() => expect((screen.getByTestId('pref-system-proxy') as HTMLInputElement).checked).toBe(false));
    expect(client.calls.filter((c) => c.name === 'updatePreferences').map((c) => c.params)).toEqual([
      { useSystemProxy: false },
    ]);
  });
});
