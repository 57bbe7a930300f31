import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  const listeners = new Map<string, Set<(event: unknown, message: unknown) => void>>();
  return {
    exposed: new Map<string, unknown>(),
    listeners,
    invoke: vi.fn<(channel: string, params?: unknown) => Promise<unknown>>(),
  };
});

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (name: string, api: unknown) => electron.exposed.set(name, api) },
  ipcRenderer: {
    invoke: electron.invoke,
    on: (channel: string, fn: (event: unknown, message: unknown) => void) => {
      if (!electron.listeners.has(channel)) electron.listeners.set(channel, new Set());
      electron.listeners.get(channel)!.add(fn);
    },
    removeListener: (channel: string, fn: (event: unknown, message: unknown) => void) =>
      electron.listeners.get(channel)?.delete(fn),
  },
}));

import { REQUEST_NAMES, EVENT_CHANNEL, type RportTrayBridge } from '../../../main/shared/contract';
await import('../../../preload/preload');

const bridge = () => electron.exposed.get('rportTray') as RportTrayBridge;

describe('preload bridge', () => {
  beforeEach(() => electron.invoke.mockReset());

  it('exposes only window.rportTray, with one method per contract request and onEvent', () => {
    expect([...electron.exposed.keys()]).toEqual(['rportTray']);
    const api = bridge() as unknown as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...REQUEST_NAMES, 'contractVersion', 'onEvent'].sort());
    for (const name of REQUEST_NAMES) expect(typeof api[name]).toBe('function');
    expect(api).not.toHaveProperty('invoke');
  });

  it('sends each request on its own channel and checks the reply against the contract', async () => {
    electron.invoke.mockResolvedValueOnce({ ok: true, value: null });
    expect(await bridge().switchServer({ index: 1 })).toEqual({ ok: true, value: null });
    expect(electron.invoke).toHaveBeenCalledWith('rport-tray:request:switchServer', { index: 1 });

    electron.invoke.mockResolvedValueOnce({ ok: true, value: 'not null' });
    const bad = await bridge().pause();
    expect(bad).toMatchObject({ ok: false, error: { code: 'internal' } });

    electron.invoke.mockRejectedValueOnce(new Error("No handler registered for 'x'"));
    expect(await bridge().resume()).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('delivers valid events, drops malformed ones, and unsubscribes', () => {
    const seen: unknown[] = [];
    const off = bridge().onEvent((m) => seen.push(m));
    const send = (message: unknown) => electron.listeners.get(EVENT_CHANNEL)!.forEach((fn) => fn({}, message));
    const good = { seq: 1, event: { type: 'config-changed', revision: 'abc', at: 5 } };
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    send(good);
    send({ seq: 0, event: { type: 'nope' } });
    expect(seen).toEqual([good]);
    expect(errors).toHaveBeenCalledTimes(1);
    off();
    send({ ...good, seq: 2 });
    expect(seen).toHaveLength(1);
    errors.mockRestore();
  });
});
