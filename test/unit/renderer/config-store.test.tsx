import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConfigDocument, ConfigForm } from '../../../main/shared/contract';
import { CHECK_DELAY_MS, PATCH_DELAY_MS, createConfigEditorStore } from '../../../renderer/src/store/config-store';
import { createFakeClient, sampleForm, type FakeClient } from './fake-client';

const form: ConfigForm = sampleForm();

const doc: ConfigDocument = {
  text: '[client]\nserver = "ws://a:1"\n',
  problems: [],
  form,
  hasPassword: true,
  passwordInKeychain: false,
  path: '/x/rport.conf',
  exists: true,
  lockedKeys: [],
  revision: 'rev1',
};

let client: FakeClient;
beforeEach(() => {
  vi.useFakeTimers();
  client = createFakeClient();
  client.on('getConfig', () => ({ ok: true, value: doc }));
});
afterEach(() => vi.useRealTimers());

describe('config editor store', () => {
  it('checks a raw edit once typing pauses, and drops an answer about an older text', async () => {
    client.on('checkConfig', (p) => {
      const text = (p as { text: string }).text;
      const bad = text.includes('oops');
      return {
        ok: true,
        value: {
          text,
          problems: bad ? [{ severity: 'error', file: '/x', line: 2, key: 'client.server', message: 'bad' }] : [],
          form,
          hasPassword: true,
          passwordInKeychain: false,
        },
      };
    });
    const store = createConfigEditorStore(client);
    await store.getState().load();
    store.getState().editText('[client]\nserver = oops\n');
    store.getState().editText('[client]\nserver = oops2\n');
    expect(client.calls.filter((c) => c.name === 'checkConfig')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(CHECK_DELAY_MS);
    const checks = client.calls.filter((c) => c.name === 'checkConfig');
    expect(checks).toEqual([{ name: 'checkConfig', params: { text: '[client]\nserver = oops2\n' } }]);
    expect(store.getState().problems).toEqual([expect.objectContaining({ line: 2, message: 'bad' })]);
    expect(store.getState().dirty).toBe(true);
  });

  it('drops the answer about a text the user reverted while it was checked, and stops saying "Checking"', async () => {
    let answer: (() => void) | null = null;
    client.on(
      'checkConfig',
      (p) =>
        new Promise((resolve) => {
          answer = () =>
            resolve({
              ok: true,
              value: {
                text: (p as { text: string }).text,
                problems: [{ severity: 'error', file: '/x', line: 2, key: 'client.server', message: 'bad' }],
                form,
                hasPassword: true,
                passwordInKeychain: false,
              },
            });
        }),
    );
    const store = createConfigEditorStore(client);
    await store.getState().load();
    store.getState().editText('[client]\nserver = oops\n');
    await vi.advanceTimersByTimeAsync(CHECK_DELAY_MS);
    expect(store.getState().checking).toBe(true);
    store.getState().revert();
    answer!();
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState()).toMatchObject({ text: doc.text, problems: [], dirty: false, checking: false });
  });

  it('keeps a field typed while the previous patch was on its way, and sends it next', async () => {
    const answers: Array<() => void> = [];
    client.on(
      'patchConfig',
      (p) =>
        new Promise((resolve) => {
          const { changes } = p as { changes: Partial<ConfigForm> };
          answers.push(() =>
            resolve({
              ok: true,
              value: {
                text: `patched ${Object.keys(changes).join(',')}`,
                problems: [],
                form: { ...form, ...changes },
                hasPassword: true,
                passwordInKeychain: false,
              },
            }),
          );
        }),
    );
    const store = createConfigEditorStore(client);
    await store.getState().load();
    store.getState().editField('client.server', 'ws://b:2');
    await vi.advanceTimersByTimeAsync(PATCH_DELAY_MS);
    store.getState().editField('client.name', 'typed meanwhile');
    answers.shift()!();
    await vi.advanceTimersByTimeAsync(0);
    // The first answer knows nothing of the second field: what the user typed stays on screen.
    expect(store.getState().form).toMatchObject({ 'client.server': 'ws://b:2', 'client.name': 'typed meanwhile' });
    await vi.advanceTimersByTimeAsync(PATCH_DELAY_MS);
    expect(client.calls.filter((c) => c.name === 'patchConfig').map((c) => c.params)).toEqual([
      { text: doc.text, changes: { 'client.server': 'ws://b:2' } },
      { text: 'patched client.server', changes: { 'client.name': 'typed meanwhile' } },
    ]);
    answers.shift()!();
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState()).toMatchObject({ text: 'patched client.name', checking: false });
  });

  it('sends form edits together as one patch and shows the text that comes back', async () => {
    client.on('patchConfig', (p) => {
      const { changes } = p as { changes: Partial<ConfigForm> };
      return {
        ok: true,
        value: {
          text: `patched ${Object.keys(changes).sort().join(',')}`,
          problems: [],
          form: { ...form, ...changes },
          hasPassword: true,
          passwordInKeychain: false,
        },
      };
    });
    const store = createConfigEditorStore(client);
    await store.getState().load();
    store.getState().editField('client.server', 'ws://b:2');
    store.getState().editField('connection.keep_alive', '1m');
    expect(store.getState().form?.['client.server']).toBe('ws://b:2');
    await vi.advanceTimersByTimeAsync(PATCH_DELAY_MS);
    expect(client.calls.filter((c) => c.name === 'patchConfig')).toEqual([
      {
        name: 'patchConfig',
        params: { text: doc.text, changes: { 'client.server': 'ws://b:2', 'connection.keep_alive': '1m' } },
      },
    ]);
    expect(store.getState().text).toBe('patched client.server,connection.keep_alive');
  });

  it('says what went wrong when the app refuses the save, and keeps the edit', async () => {
    client.on('saveConfig', () => ({
      ok: true,
      value: {
        saved: false,
        problems: [{ severity: 'error', file: '/x', line: 2, key: 'client.server', message: 'bad' }],
        document: null,
        restarted: false,
      },
    }));
    const store = createConfigEditorStore(client);
    await store.getState().load();
    store.getState().editText('[client]\nserver = 1\n');
    client.on('checkConfig', (p) => ({
      ok: true,
      value: { text: (p as { text: string }).text, problems: [], form, hasPassword: true, passwordInKeychain: false },
    }));
    await store.getState().save();
    expect(client.calls.find((c) => c.name === 'saveConfig')?.params).toEqual({
      text: '[client]\nserver = 1\n',
      baseRevision: 'rev1',
    });
    expect(store.getState()).toMatchObject({
      text: '[client]\nserver = 1\n',
      dirty: true,
      lastSave: { saved: false, message: 'Not saved: 1 error to fix first.' },
    });
  });

  it('takes the saved document after a successful save', async () => {
    const savedDoc = { ...doc, text: 'new text', revision: 'rev2' };
    client.on('saveConfig', () => ({
      ok: true,
      value: { saved: true, problems: [], document: savedDoc, restarted: true },
    }));
    client.on('checkConfig', (p) => ({
      ok: true,
      value: { text: (p as { text: string }).text, problems: [], form, hasPassword: true, passwordInKeychain: false },
    }));
    const store = createConfigEditorStore(client);
    await store.getState().load();
    store.getState().editText('new text');
    await store.getState().save();
    expect(store.getState()).toMatchObject({ dirty: false, document: { revision: 'rev2' }, lastSave: { saved: true } });
  });
});
