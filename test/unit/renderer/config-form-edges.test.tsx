// The config editor's problems with a fake app: in form mode at their fields, linked to the inputs, with
// no line numbers (the form has none) and in the form's order, errors first; in raw mode by line, errors
// first, and the text area described by them.
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigDocument } from '../../../main/shared/contract';
import { createFakeClient, sampleForm, snapshot } from './fake-client';
import { renderApp } from './render-app';

afterEach(cleanup);

const problem = (line: number, key: string, message: string, severity: 'error' | 'warning' = 'error') => ({
  severity,
  file: '/x/rport.conf',
  line,
  key,
  message,
});

// In the file: a warning first, then the log level (last in the form), then the server (first in it).
const doc: ConfigDocument = {
  text: '[client]\n  nme = "x"\n[logging]\n  log_level = "loud"\n[client]\n  server = "ftp://a"\n',
  problems: [
    problem(2, 'client.nme', 'unknown key, did you mean client.name?', 'warning'),
    problem(4, 'logging.log_level', 'invalid log level "loud"'),
    problem(6, 'client.server', 'unsupported scheme "ftp"'),
  ],
  form: sampleForm(),
  hasPassword: true,
  passwordInKeychain: false,
  path: '/x/rport.conf',
  exists: true,
  lockedKeys: [],
  revision: 'r1',
};

async function open() {
  const client = createFakeClient();
  client.on('getSnapshot', () => ({ ok: true, value: snapshot() }));
  client.on('getConfig', () => ({ ok: true, value: doc }));
  await renderApp(client, 'config');
  await screen.findByTestId('config-editor');
}

describe('config problems', () => {
  it('in form mode: at the field, described by it, without lines, listed in the form’s order, errors first', async () => {
    await open();
    const server = screen.getByTestId('config-field-client.server');
    const described = (server.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id));
    expect(described.map((el) => el?.textContent)).toEqual([
      'rportd address: host:port or a ws:// or wss:// URL.',
      'unsupported scheme "ftp"',
    ]);
    expect(server.getAttribute('aria-invalid')).toBe('true');
    for (const shown of screen.getAllByTestId('config-field-problem')) expect(shown.textContent).not.toMatch(/line \d/);
    const listed = screen.getAllByTestId('config-problem');
    expect(listed.map((li) => li.dataset.key)).toEqual(['client.server', 'logging.log_level', 'client.nme']);
    for (const li of listed) expect(li.textContent).not.toMatch(/line \d/);
    fireEvent.click(screen.getByRole('button', { name: 'Log level' }));
    expect(document.activeElement).toBe(screen.getByTestId('config-field-logging.log_level'));
  });

  it('in raw mode: by line, errors first, and the text area is described by them', async () => {
    await open();
    fireEvent.click(screen.getByTestId('config-mode-raw'));
    await waitFor(() => expect(screen.getByTestId('config-raw-text')).toBeTruthy());
    const listed = screen.getAllByTestId('config-problem');
    expect(listed.map((li) => li.dataset.line)).toEqual(['4', '6', '2']);
    const area = screen.getByTestId('config-raw-text');
    expect(area.getAttribute('aria-invalid')).toBe('true');
    const description = document.getElementById(area.getAttribute('aria-describedby') ?? '');
    expect(description?.textContent).toContain('invalid log level "loud"');
  });
});
