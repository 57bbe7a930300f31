// Before "Save and restart", the Config view says what saving does to the running engine: how many open
// tunnel streams a reconnect cuts (counted from the live tunnel list), or that the change is applied
// without reconnecting, or that nothing the engine uses changes (then the button is just "Save").
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigDocument, SaveEffect } from '../../../main/shared/contract';
import type { TunnelInfo } from '../../../main/shared/types/engine-types';
import { createFakeClient, sampleForm, snapshot } from './fake-client';
import { renderApp } from './render-app';

afterEach(cleanup);

const tunnel = (id: string, closedAt: number | null = null): TunnelInfo => ({
  id,
  protocol: 'tcp',
  target: '127.0.0.1:22',
  openedAt: 1000,
  closedAt,
  bytesIn: 0,
  bytesOut: 0,
  closeReason: closedAt === null ? null : 'closed',
});

async function editWith(effect: SaveEffect | undefined, tunnels: TunnelInfo[]) {
  const client = createFakeClient();
  client.on('getSnapshot', () => ({ ok: true, value: snapshot({ tunnels }) }));
  const form = sampleForm();
  const doc: ConfigDocument = {
    text: '[client]\n  server = "a:1"\n',
    problems: [],
    form,
    hasPassword: false,
    passwordInKeychain: false,
    path: '/x/rport.conf',
    exists: true,
    lockedKeys: [],
    revision: 'r1',
  };
  client.on('getConfig', () => ({ ok: true, value: doc }));
  client.on('patchConfig', () => ({
    ok: true,
    value: {
      text: '[client]\n  server = "b:1"\n',
      problems: [],
      form: { ...form, 'client.server': 'b:1' },
      hasPassword: false,
      passwordInKeychain: false,
      ...(effect ? { saveEffect: effect } : {}),
    },
  }));
  await renderApp(client);
  fireEvent.click(screen.getByTestId('nav-config'));
  await screen.findByTestId('config-editor');
  expect(screen.queryByTestId('config-save-effect')).toBeNull();
  fireEvent.change(screen.getByTestId('config-field-client.server'), { target: { value: 'b:1' } });
  await waitFor(() => expect((screen.getByTestId('config-save') as HTMLButtonElement).disabled).toBe(false));
  return client;
}

describe('config view: what a save does', () => {
  it('counts the open tunnel streams a reconnect cuts, following the live tunnel list', async () => {
    const client = await editWith({ kind: 'reconnect', keys: ['client.server'] }, [
      tunnel('a'),
      tunnel('b'),
      tunnel('c', 2000),
    ]);
    const note = await screen.findByTestId('config-save-effect');
    expect(note.textContent).toBe(
      'Saving reconnects the engine (client.server changed): 2 open tunnel streams will be cut.',
    );
    expect(screen.getByTestId('config-save').textContent).toBe('Save and restart');
    act(() => client.push({ seq: 1, event: { type: 'tunnel', tunnel: tunnel('b', 3000) } }));
    expect(screen.getByTestId('config-save-effect').textContent).toContain(': 1 open tunnel stream will be cut.');
  });

  it('says a live change keeps the streams, and a change the engine does not use needs no restart', async () => {
    await editWith({ kind: 'live', keys: ['logging.log_level'] }, [tunnel('a')]);
    expect((await screen.findByTestId('config-save-effect')).textContent).toBe(
      'Saving applies this without reconnecting: open tunnel streams stay open.',
    );
    expect(screen.getByTestId('config-save').textContent).toBe('Save');
    cleanup();
    await editWith({ kind: 'none', keys: [] }, []);
    expect((await screen.findByTestId('config-save-effect')).textContent).toBe(
      'Nothing the engine uses changes: saving keeps it running as it is.',
    );
  });

  it('keeps "Save and restart" and says nothing when the app cannot tell', async () => {
    await editWith(undefined, [tunnel('a')]);
    expect(screen.queryByTestId('config-save-effect')).toBeNull();
    expect(screen.getByTestId('config-save').textContent).toBe('Save and restart');
  });
});
