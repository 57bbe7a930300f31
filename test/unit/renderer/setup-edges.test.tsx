// The setup view with a fake app: "Save anyway" after an unreachable server sends the setup without the
// test and with the switches as set; a refusal of the credentials offers no such shortcut.
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionTestReport } from '../../../main/shared/contract';
import { appStatus, createFakeClient, snapshot } from './fake-client';
import { renderApp } from './render-app';

afterEach(cleanup);

const failedAt = (step: 'tcp' | 'auth'): ConnectionTestReport => ({
  ok: false,
  failedStep: step,
  message: step === 'tcp' ? 'connection refused' : 'Authentication failed',
  serverFingerprint: null,
  steps: [
    { step: 'dns', status: 'ok', detail: '', durationMs: 1 },
    { step: 'tcp', status: step === 'tcp' ? 'failed' : 'ok', detail: '', durationMs: 1 },
  ],
});

async function setup(report: ConnectionTestReport) {
  const client = createFakeClient();
  client.on('getSnapshot', () => ({
    ok: true,
    value: snapshot({ status: appStatus({ setupNeeded: true, state: 'stopped', engine: null }) }),
  }));
  client.on('completeSetup', () => ({ ok: true, value: { saved: false, problems: [], report } }));
  await renderApp(client);
  fireEvent.change(screen.getByTestId('setup-server'), { target: { value: 'ws://127.0.0.1:1' } });
  fireEvent.change(screen.getByTestId('setup-auth-id'), { target: { value: 'c1' } });
  fireEvent.change(screen.getByTestId('setup-password'), { target: { value: 'pw' } });
  fireEvent.click(screen.getByTestId('setup-save'));
  await screen.findByTestId('setup-report');
  return client;
}

describe('setup', () => {
  it('saves an unreachable server anyway, without the test, with the switches as set', async () => {
    const client = await setup(failedAt('tcp'));
    fireEvent.click(screen.getByTestId('setup-feature-monitoring'));
    fireEvent.click(screen.getByTestId('setup-save-anyway'));
    await waitFor(() => expect(client.calls.filter((c) => c.name === 'completeSetup')).toHaveLength(2));
    expect(client.calls.filter((c) => c.name === 'completeSetup')[1]?.params).toMatchObject({
      server: 'ws://127.0.0.1:1',
      skipTest: true,
      features: { remoteCommands: true, fileReception: true, monitoring: false },
    });
  });

  it('offers no "Save anyway" when the server refused the credentials', async () => {
    await setup(failedAt('auth'));
    expect(screen.queryByTestId('setup-save-anyway')).toBeNull();
  });
});
