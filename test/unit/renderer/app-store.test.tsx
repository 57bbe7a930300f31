import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../renderer/src/store/app-store';
import { appStatus, createFakeClient, snapshot } from './fake-client';

describe('window store', () => {
  it('replays events that arrive while the snapshot loads, dropping the ones it already holds', async () => {
    const client = createFakeClient();
    const store = createAppStore(client);
    client.onEvent((m) => store.getState().receive(m));
    let answer: (v: unknown) => void = () => {};
    client.on('getSnapshot', () => new Promise((resolve) => (answer = resolve as (v: unknown) => void)));
    const loading = store.getState().load();
    client.push({ seq: 4, event: { type: 'status', status: appStatus({ state: 'reconnecting' }) } });
    client.push({ seq: 6, event: { type: 'status', status: appStatus({ state: 'paused' }) } });
    answer({ ok: true, value: snapshot({ seq: 5 }) });
    await loading;
    expect(store.getState().status?.state).toBe('paused');
    expect(store.getState().seq).toBe(6);
  });

  it('opens the setup view on first load when there is no config', async () => {
    const client = createFakeClient();
    client.on('getSnapshot', () => ({
      ok: true,
      value: snapshot({ status: appStatus({ setupNeeded: true, state: 'stopped', engine: null }) }),
    }));
    const store = createAppStore(client);
    await store.getState().load();
    expect(store.getState().view).toBe('setup');
  });

  it('calls the app for each action and shows its error as a notice', async () => {
    const client = createFakeClient();
    client.on('pause', () => ({ ok: true, value: null }));
    client.on('switchServer', () => ({
      ok: false,
      error: { code: 'invalid-request', message: 'there is no server 5 (2 configured)' },
    }));
    const store = createAppStore(client);
    await store.getState().pause();
    await store.getState().switchServer(5);
    expect(client.calls.map((c) => [c.name, c.params])).toEqual([
      ['pause', undefined],
      ['switchServer', { index: 5 }],
    ]);
    expect(store.getState().notices.map((n) => [n.kind, n.text])).toEqual([
      ['error', 'there is no server 5 (2 configured)'],
    ]);
    expect(store.getState().busy).toEqual({ pause: false, 'switchServer:5': false });
  });

  it('reloads the snapshot when the link comes back after a loss', async () => {
    const client = createFakeClient();
    let loads = 0;
    client.on('getSnapshot', () => ((loads += 1), { ok: true, value: snapshot() }));
    const store = createAppStore(client);
    store.getState().setLink('open', null);
    expect(loads).toBe(0);
    store.getState().setLink('closed', 'lost');
    store.getState().setLink('open', null);
    await new Promise((r) => setTimeout(r, 0));
    expect(loads).toBe(1);
  });
});
