// The window rendered with a fake app: the test hooks carry what the design says, the views show what
// the store holds, and the config editor marks problems at their lines.
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigDocument } from '../../../main/shared/contract';
import { LIMITS } from '../../../renderer/src/store/reducers';
import { appStatus, createFakeClient, sampleForm, snapshot } from './fake-client';
import { renderApp } from './render-app';

afterEach(cleanup);

describe('window views', () => {
  it('shows the state word and the server in use, and follows status events', async () => {
    const client = createFakeClient();
    client.on('getSnapshot', () => ({ ok: true, value: snapshot() }));
    await renderApp(client);
    expect(screen.getByTestId('engine-state').textContent).toBe('connected');
    expect(screen.getByTestId('active-server').textContent).toContain('ws://primary.example:8080');
    expect(screen.getByTestId('active-server').dataset.role).toBe('primary');
    const base = appStatus();
    const onFallback = appStatus({
      engine: base.engine
        ? {
            ...base.engine,
            server: { index: 1, url: 'ws://fallback.example:8080', role: 'fallback' },
            switchbackAt: Date.now() + 90_000,
          }
        : null,
    });
    act(() => client.push({ seq: 1, event: { type: 'status', status: onFallback } }));
    expect(screen.getByTestId('active-server').dataset.role).toBe('fallback');
    act(() => client.push({ seq: 2, event: { type: 'status', status: appStatus({ state: 'paused' }) } }));
    expect(screen.getByTestId('engine-state').textContent).toBe('paused');
    expect(screen.getByTestId('action-resume')).toBeTruthy();
    client.on('retry', () => ({ ok: true, value: null }));
    const failed = appStatus({
      state: 'failed',
      message: '5 restarts in 10 min',
      supervisor: { phase: 'failed', failedReason: '5 restarts in 10 min', nextRestartAt: null, restartCount: 5 },
    });
    act(() => client.push({ seq: 3, event: { type: 'status', status: failed } }));
    expect(screen.getByTestId('engine-state').textContent).toBe('failed');
    expect(screen.getByRole('status').textContent).toContain('5 restarts in 10 min');
    fireEvent.click(screen.getByTestId('action-retry'));
    await waitFor(() => expect(client.calls.some((c) => c.name === 'retry')).toBe(true));
  });

  it('lists the servers with the switchback countdown while on a fallback, and switches on request', async () => {
    const client = createFakeClient();
    const base = appStatus();
    const engine = base.engine
      ? {
          ...base.engine,
          server: { index: 1, url: 'ws://fallback.example:8080', role: 'fallback' as const },
          switchbackAt: Date.now() + 90_000,
        }
      : null;
    client.on('getSnapshot', () => ({ ok: true, value: snapshot({ status: appStatus({ engine }) }) }));
    client.on('switchServer', () => ({ ok: true, value: null }));
    await renderApp(client);
    fireEvent.click(screen.getByTestId('nav-servers'));
    const items = screen.getAllByTestId('server-item');
    expect(items.map((i) => [i.dataset.index, i.dataset.active])).toEqual([
      ['0', 'false'],
      ['1', 'true'],
    ]);
    expect(screen.getByTestId('switchback-countdown').textContent).toMatch(/Next try of the primary in 1m (2|3)\ds/);
    fireEvent.click(screen.getByTestId('switch-primary'));
    await waitFor(() => expect(client.calls.some((c) => c.name === 'switchServer')).toBe(true));
    expect(client.calls.find((c) => c.name === 'switchServer')?.params).toEqual({ index: 0 });
  });

  it('says in the Activity view when remote commands are blocked from the tray', async () => {
    const client = createFakeClient();
    client.on('getSnapshot', () => ({ ok: true, value: snapshot() }));
    await renderApp(client, 'activity');
    expect(screen.queryByTestId('remote-commands-blocked')).toBeNull();
    const base = appStatus();
    const blocked = appStatus({ engine: base.engine ? { ...base.engine, remoteCommandsBlocked: true } : null });
    act(() => client.push({ seq: 1, event: { type: 'status', status: blocked } }));
    expect(screen.getByTestId('remote-commands-blocked').textContent).toContain('blocked');
  });

  it('filters the logs by level and text', async () => {
    const client = createFakeClient();
    const logs = [
      { at: 1, level: 'debug' as const, source: 'engine', message: 'ping ok' },
      { at: 2, level: 'error' as const, source: 'engine', message: 'dial failed' },
      { at: 3, level: 'info' as const, source: 'watchdog', message: 'engine started' },
    ];
    client.on('getSnapshot', () => ({ ok: true, value: snapshot({ logs }) }));
    await renderApp(client);
    fireEvent.click(screen.getByTestId('nav-logs'));
    expect(screen.getAllByTestId('log-line')).toHaveLength(3);
    fireEvent.change(screen.getByTestId('log-filter-level'), { target: { value: 'info' } });
    expect(screen.getAllByTestId('log-line').map((l) => l.dataset.level)).toEqual(['error', 'info']);
    fireEvent.change(screen.getByTestId('log-filter-text'), { target: { value: 'WATCHDOG' } });
    expect(screen.getAllByTestId('log-line').map((l) => l.textContent)).toEqual([
      expect.stringContaining('engine started'),
    ]);
  });

  it('adds a row for a new log line and keeps the others, also when the log is full', async () => {
    const client = createFakeClient();
    const logs = Array.from({ length: LIMITS.logs }, (_, i) => ({
      at: i,
      level: 'info' as const,
      source: 'engine',
      message: `line ${i}`,
    }));
    client.on('getSnapshot', () => ({ ok: true, value: snapshot({ logs, seq: 0 }) }));
    await renderApp(client, 'logs');
    // Plain DOM lookups: the testing-library queries are slow over 2,000 rows.
    const row = (message: string) =>
      [...document.querySelectorAll('[data-testid="log-line"] .log-message')]
        .find((el) => el.textContent === message)
        ?.closest('[data-testid="log-line"]') ?? null;
    const before = row('line 10');
    act(() =>
      client.push({
        seq: 1,
        event: { type: 'log', line: { at: 99_999, level: 'info', source: 'engine', message: 'the new one' } },
      }),
    );
    expect(row('line 0')).toBeNull();
    expect(row('the new one')).not.toBeNull();
    // The same element still shows line 10: nothing was redrawn under it.
    expect(row('line 10')).toBe(before);
  });

  it('marks config problems at their line, shows locked keys locked, and keeps Save off while there is an error', async () => {
    const client = createFakeClient();
    client.on('getSnapshot', () => ({ ok: true, value: snapshot() }));
    const text = '[client]\n  server = "ws://a:1"\n\n[connection]\n  keep_alive = \'soon\'\n';
    const doc: ConfigDocument = {
      text,
      problems: [
        {
          severity: 'error',
          file: '/x/rport.conf',
          line: 5,
          key: 'connection.keep_alive',
          message: 'invalid duration "soon"',
        },
      ],
      form: null,
      hasPassword: true,
      passwordInKeychain: false,
      path: '/x/rport.conf',
      exists: true,
      lockedKeys: ['client.server'],
      revision: 'r1',
    };
    client.on('getConfig', () => ({ ok: true, value: doc }));
    await renderApp(client);
    fireEvent.click(screen.getByTestId('nav-config'));
    await screen.findByTestId('config-editor');
    const marked = screen.getAllByTestId('config-gutter-line').filter((l) => l.dataset.problem === 'error');
    expect(marked.map((l) => l.dataset.line)).toEqual(['5']);
    expect(screen.getByTestId('config-problem').textContent).toContain('line 5');
    expect(screen.getByTestId('config-locked-note').textContent).toContain('client.server');
    const save = () => (screen.getByTestId('config-save') as HTMLButtonElement).disabled;
    expect(save()).toBe(true);

    // An edit that keeps the error: still off. One that fixes it: on.
    client.on('checkConfig', (p) => {
      const edited = (p as { text: string }).text;
      const fixed = !edited.includes('soon');
      return {
        ok: true,
        value: { ...doc, text: edited, problems: fixed ? [] : doc.problems, form: null },
      };
    });
    const area = screen.getByTestId('config-raw-text');
    fireEvent.change(area, { target: { value: `# a comment\n${text}` } });
    await waitFor(() => expect(client.calls.filter((c) => c.name === 'checkConfig')).toHaveLength(1));
    await waitFor(() => expect(screen.getByTestId('config-problem')).toBeTruthy());
    expect(save()).toBe(true);
    fireEvent.change(area, { target: { value: text.replace("'soon'", "'1m'") } });
    await waitFor(() => expect(save()).toBe(false));
  });

  it('shows a locked key locked in the form and sends a form edit as a change', async () => {
    const client = createFakeClient();
    client.on('getSnapshot', () => ({ ok: true, value: snapshot() }));
    const form = sampleForm({ 'client.name': 'before' });
    const doc: ConfigDocument = {
      text: '[client]\n  server = "ws://a:1"\n',
      problems: [],
      form,
      hasPassword: true,
      passwordInKeychain: false,
      path: '/x/rport.conf',
      exists: true,
      lockedKeys: ['client.server'],
      revision: 'r1',
    };
    client.on('getConfig', () => ({ ok: true, value: doc }));
    client.on('patchConfig', (p) => {
      const { changes } = p as { changes: Record<string, unknown> };
      return {
        ok: true,
        value: {
          text: `${doc.text}  name = "after"\n`,
          problems: [],
          form: { ...form, ...changes },
          hasPassword: true,
          passwordInKeychain: false,
        },
      };
    });
    await renderApp(client);
    fireEvent.click(screen.getByTestId('nav-config'));
    await screen.findByTestId('config-editor');
    expect((screen.getByTestId('config-field-client.server') as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByTestId('config-locked-client.server').textContent).toBe('locked');
    expect((screen.getByTestId('config-field-auth.password') as HTMLInputElement).placeholder).toContain('unchanged');
    fireEvent.change(screen.getByTestId('config-field-client.name'), { target: { value: 'after' } });
    await waitFor(() => expect(client.calls.some((c) => c.name === 'patchConfig')).toBe(true), { timeout: 2000 });
    expect(client.calls.find((c) => c.name === 'patchConfig')?.params).toEqual({
      text: doc.text,
      changes: { 'client.name': 'after' },
    });
    await waitFor(() => expect((screen.getByTestId('config-save') as HTMLButtonElement).disabled).toBe(false));
  });

  it('shows the setup on first start and names the failing step of the connection test', async () => {
    const client = createFakeClient();
    client.on('getSnapshot', () => ({
      ok: true,
      value: snapshot({ status: appStatus({ setupNeeded: true, state: 'stopped', engine: null }) }),
    }));
    client.on('testConnection', () => ({
      ok: true,
      value: {
        ok: false,
        failedStep: 'fingerprint',
        message: 'the server key does not match',
        serverFingerprint: '11:22',
        steps: [
          { step: 'dns', status: 'ok', detail: '127.0.0.1', durationMs: 1 },
          { step: 'tcp', status: 'ok', detail: '', durationMs: 1 },
          { step: 'websocket', status: 'ok', detail: '', durationMs: 1 },
          { step: 'ssh', status: 'ok', detail: '', durationMs: 1 },
          { step: 'fingerprint', status: 'failed', detail: 'got 11:22', durationMs: 1 },
          { step: 'auth', status: 'skipped', detail: '', durationMs: null },
        ],
      },
    }));
    await renderApp(client);
    expect(screen.getByTestId('nav-setup').getAttribute('aria-current')).toBe('page');
    fireEvent.change(screen.getByTestId('setup-server'), { target: { value: 'ws://127.0.0.1:1' } });
    fireEvent.change(screen.getByTestId('setup-auth-id'), { target: { value: 'c1' } });
    fireEvent.change(screen.getByTestId('setup-password'), { target: { value: 'pw' } });
    fireEvent.click(screen.getByTestId('setup-test'));
    const report = await screen.findByTestId('setup-report');
    expect(report.dataset.failedStep).toBe('fingerprint');
    expect(report.textContent).toContain('Failed at: Server fingerprint');
    expect(screen.getByTestId('setup-step-auth').dataset.status).toBe('skipped');
    expect(client.calls.find((c) => c.name === 'testConnection')?.params).toEqual({
      server: 'ws://127.0.0.1:1',
      fallbackServers: [],
      authId: 'c1',
      password: 'pw',
      fingerprint: '',
    });
  });
});
