import { readFileSync, existsSync, statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  PASSWORD,
  createHarness,
  engineStatus,
  ok,
  okReport,
  progress,
  sampleConfig,
  servers,
  supervisorStatus,
  type Harness,
} from '../app-test-kit';
import { SECRET_MASK } from '../../../../main/shared/secrets';

let h: Harness | null = null;
afterEach(async () => {
  await h?.cleanup();
  h = null;
});

describe('app core: status from the supervisor', () => {
  it('follows connect, failover, pause and records them on the timeline', async () => {
    h = await createHarness(sampleConfig());
    expect(h.supervisor.calls).toEqual(['start']);
    expect(h.supervisor.options.config.client.server).toBe('ws://127.0.0.1:9999');
    expect(h.core.status().state).toBe('initialized');

    h.supervisor.emit({ type: 'supervisor', status: supervisorStatus() });
    h.supervisor.emit(progress(engineStatus()));
    expect(h.core.status().state).toBe('connected');
    expect(h.core.status().engine?.server?.url).toBe('ws://127.0.0.1:9999');

    h.supervisor.emit(
      progress(engineStatus({ state: 'reconnecting', server: null, message: 'Retrying in 1s...' }), 'retry'),
    );
    h.supervisor.emit(progress(engineStatus({ server: servers[1] ?? null })));
    expect(h.core.status().engine?.server?.role).toBe('fallback');
    h.supervisor.emit(progress(engineStatus({ server: servers[0] ?? null })));
    h.supervisor.emit(progress(engineStatus({ state: 'paused', server: null }), 'paused'));

    const texts = ok(await h.core.request('getSnapshot')).timeline.map((e) => e.text);
    expect(texts).toEqual([
      'Starting',
      'Connected to ws://127.0.0.1:9999 (primary)',
      'Reconnecting: Retrying in 1s...',
      'Connected to ws://127.0.0.1:9998 (fallback)',
      'Switched back to the primary ws://127.0.0.1:9999',
      'Paused',
    ]);
  });

  it('records a direct failover between two connected states as a server change', async () => {
    h = await createHarness(sampleConfig());
    h.supervisor.emit({ type: 'supervisor', status: supervisorStatus() });
    h.supervisor.emit(progress(engineStatus()));
    h.supervisor.emit(progress(engineStatus({ server: servers[1] ?? null })));
    const last = h.messages
      .map((m) => m.event)
      .filter((e) => e.type === 'timeline')
      .pop();
    expect(last?.type === 'timeline' && last.entry).toMatchObject({
      kind: 'server',
      text: 'Failed over to fallback ws://127.0.0.1:9998',
    });
  });

  it('keeps a latency sample per ping and shows the last update time', async () => {
    h = await createHarness(sampleConfig());
    h.supervisor.emit({ type: 'supervisor', status: supervisorStatus() });
    h.supervisor.emit(progress(engineStatus({ lastPingMs: 12 }), 'ping', 7_000));
    h.supervisor.emit(progress(engineStatus({ lastPingMs: 15 }), 'ping', 8_000));
    h.supervisor.emit(progress(engineStatus({ lastPingMs: 15 }), 'connected', 9_000));
    const snap = ok(await h.core.request('getSnapshot'));
    expect(snap.latency.map((s) => [s.at, s.ms])).toEqual([
      [7_000, 12],
      [8_000, 15],
    ]);
    expect(snap.status.lastUpdateAt).toBe(9_000);
  });

  it('shows watchdog restarts, closes the tunnels of the dead worker, and turns failed when the budget is spent', async () => {
    h = await createHarness(sampleConfig());
    h.supervisor.emit({ type: 'supervisor', status: supervisorStatus() });
    h.supervisor.emit(progress(engineStatus()));
    h.supervisor.emit({
      type: 'engine',
      event: {
        type: 'tunnel-opened',
        tunnel: {
          id: 't1',
          protocol: 'tcp',
          target: '127.0.0.1:22',
          openedAt: 1,
          closedAt: null,
          bytesIn: 0,
          bytesOut: 0,
          closeReason: null,
        },
      },
    });
    h.supervisor.emit({
      type: 'restart',
      record: {
        at: 2,
        reason: { kind: 'stale', state: 'connected', silentForMs: 50_000, deadlineMs: 45_000 },
        text: 'no progress for 50 s',
        count: 1,
      },
    });
    let snap = ok(await h.core.request('getSnapshot'));
    expect(snap.status.supervisor.restartCount).toBe(1);
    expect(snap.timeline.some((e) => e.kind === 'restart' && e.text.includes('no progress for 50 s'))).toBe(true);
    expect(snap.tunnels[0]).toMatchObject({ id: expect.stringMatching(/\.t1$/), closeReason: 'engine restarted' });
    expect(snap.tunnels[0]?.closedAt).not.toBeNull();

    // While the next worker is being started, the window says so rather than the dead worker's last word.
    h.supervisor.emit({ type: 'supervisor', status: supervisorStatus({ phase: 'restarting', nextRestartAt: 3 }) });
    expect(h.core.status()).toMatchObject({
      state: 'reconnecting',
      message: 'Restarting the engine',
      supervisor: { phase: 'restarting', nextRestartAt: 3, restartCount: 1 },
    });
    // A restart the user asked for is on the timeline already and is not the watchdog's.
    h.supervisor.emit({
      type: 'restart',
      record: { at: 4, reason: { kind: 'requested' }, text: 'requested', count: 0 },
    });
    snap = ok(await h.core.request('getSnapshot'));
    expect(snap.status.supervisor.restartCount).toBe(1);
    expect(snap.timeline.filter((e) => e.kind === 'restart')).toHaveLength(1);

    h.supervisor.emit({
      type: 'supervisor',
      status: supervisorStatus({ phase: 'failed', failedReason: '5 restarts in 10 min' }),
    });
    snap = ok(await h.core.request('getSnapshot'));
    expect(snap.status).toMatchObject({ state: 'failed', message: '5 restarts in 10 min' });
    expect(ok(await h.core.request('retry'))).toBeNull();
    expect(h.supervisor.calls).toContain('retry');
  });

  it('passes the user actions to the supervisor and refuses a server that does not exist', async () => {
    h = await createHarness(sampleConfig());
    ok(await h.core.request('pause'));
    ok(await h.core.request('resume'));
    ok(await h.core.request('restartEngine'));
    ok(await h.core.request('switchServer', { index: 1 }));
    expect(h.supervisor.calls).toEqual(['start', 'pause', 'resume', 'restart', 'switch:1']);
    const refused = await h.core.request('switchServer', { index: 2 });
    expect(refused).toEqual({
      ok: false,
      error: { code: 'invalid-request', message: 'there is no server 2 (2 configured)' },
    });
  });

  it('validates every request and answers errors as data', async () => {
    h = await createHarness(sampleConfig());
    expect(await h.core.handle('rm -rf', {})).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: 'unknown request "rm -rf"' },
    });
    const bad = await h.core.handle('switchServer', { index: 'one' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(!bad.ok && bad.error.message).toMatch(/^invalid params for switchServer: index: /);
    expect(await h.core.handle('pause', { now: true })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
    expect(h.supervisor.calls).toEqual(['start']);
  });
});

describe('app core: config editing', () => {
  it('hands out the config with the password masked, and never sends the password anywhere', async () => {
    h = await createHarness(sampleConfig());
    const doc = ok(await h.core.request('getConfig'));
    expect(doc.text).toContain('auth = "client1:********"');
    expect(doc.text).toContain('# the server we use');
    expect(doc.hasPassword).toBe(true);
    expect(doc.form?.['auth.id']).toBe('client1');
    expect(doc.problems.filter((p) => p.severity === 'error')).toEqual([]);
    // An engine log line that quotes the password by mistake is scrubbed on its way out.
    h.supervisor.emit({
      type: 'engine',
      event: {
        type: 'log',
        line: { at: 1, level: 'error', source: 'engine', message: `auth failed for client1:${PASSWORD}` },
      },
    });
    // Encoded as a library might quote it: URL-encoded and base64 forms go too, as in the log file.
    const encoded = [encodeURIComponent(PASSWORD), Buffer.from(PASSWORD).toString('base64')];
    h.supervisor.emit({
      type: 'engine',
      event: { type: 'log', line: { at: 2, level: 'debug', source: 'engine', message: `sent ${encoded.join(' ')}` } },
    });
    const snap = ok(await h.core.request('getSnapshot'));
    for (const form of [PASSWORD, ...encoded]) {
      expect(JSON.stringify(snap)).not.toContain(form);
      expect(JSON.stringify(h.messages)).not.toContain(form);
    }
    expect(snap.logs.some((l) => l.message === `auth failed for client1:${SECRET_MASK}`)).toBe(true);
  });

  it('treats a password written without its id as a secret: masked text and form, scrubbed events', async () => {
    const password = 'hunter2-no-id-secret';
    h = await createHarness(sampleConfig().replace(`auth = "client1:${PASSWORD}"`, `auth = "${password}"`));
    const doc = ok(await h.core.request('getConfig'));
    expect(doc.text).toContain(`auth = "${SECRET_MASK}"`);
    expect(doc.form?.['auth.id']).toBe('');
    expect(doc.hasPassword).toBe(true);
    h.supervisor.emit({
      type: 'engine',
      event: { type: 'log', line: { at: 1, level: 'error', source: 'engine', message: `echoed ${password}` } },
    });
    const snap = ok(await h.core.request('getSnapshot'));
    expect(JSON.stringify([doc, snap, h.messages])).not.toContain(password);
    // Given an id in the form, the password on disk is kept behind it.
    const draft = ok(await h.core.request('patchConfig', { text: doc.text, changes: { 'auth.id': 'client9' } }));
    expect(draft.text).toContain(`auth = "client9:${SECRET_MASK}"`);
    const saved = ok(await h.core.request('saveConfig', { text: draft.text, baseRevision: doc.revision }));
    expect(saved.saved).toBe(true);
    expect(readFileSync(h.file, 'utf8')).toContain(`auth = "client9:${password}"`);
  });

  it('does not save a text with an error: the problem names the line, the file stays as it was, the engine keeps running', async () => {
    h = await createHarness(sampleConfig());
    const before = readFileSync(h.file, 'utf8');
    const doc = ok(await h.core.request('getConfig'));
    const bad = doc.text.replace("keep_alive = '1s'", "keep_alive = 'soon'");
    const check = ok(await h.core.request('checkConfig', { text: bad }));
    const problem = check.problems.find((p) => p.key === 'connection.keep_alive');
    expect(problem).toMatchObject({ severity: 'error', line: 10 });
    const saved = ok(await h.core.request('saveConfig', { text: bad, baseRevision: doc.revision }));
    expect(saved.saved).toBe(false);
    expect(saved.problems.some((p) => p.key === 'connection.keep_alive' && p.line === 10)).toBe(true);
    expect(readFileSync(h.file, 'utf8')).toBe(before);
    expect(h.supervisors).toHaveLength(1);
    expect(h.supervisor.calls).toEqual(['start']);
  });

  it('saves a good edit with comments and the real password kept, then restarts the engine with it', async () => {
    h = await createHarness(sampleConfig());
    const doc = ok(await h.core.request('getConfig'));
    const edited = doc.text.replace("keep_alive = '1s'", "keep_alive = '2s'");
    const saved = ok(await h.core.request('saveConfig', { text: edited, baseRevision: doc.revision }));
    expect(saved).toMatchObject({ saved: true, restarted: true });
    const onDisk = readFileSync(h.file, 'utf8');
    expect(onDisk).toBe(sampleConfig().replace("keep_alive = '1s'", "keep_alive = '2s'"));
    expect(onDisk).toContain(`auth = "client1:${PASSWORD}"`);
    expect(existsSync(`${h.file}.bak`)).toBe(true);
    expect(h.supervisors).toHaveLength(2);
    expect(h.supervisors[0]?.calls).toEqual(['start', 'stop']);
    expect(h.supervisors[0]?.listenerCount).toBe(0);
    expect(h.supervisor.calls).toEqual(['start']);
    expect(h.supervisor.options.config.connection.keep_alive).toBe(2e9);
    // Same session across the restart, so rportd takes the reconnect as this client's.
    expect(h.supervisor.options.sessionId).toBe(h.supervisors[0]?.options.sessionId);
    expect(h.messages.some((m) => m.event.type === 'config-changed')).toBe(true);
    expect(saved.document?.text).not.toContain(PASSWORD);
  });

  it('refuses a save based on a file that changed on disk since it was opened', async () => {
    h = await createHarness(sampleConfig());
    const doc = ok(await h.core.request('getConfig'));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(h.file, sampleConfig().replace('aa:bb', 'cc:dd'));
    const outcome = await h.core.request('saveConfig', { text: doc.text, baseRevision: doc.revision });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(readFileSync(h.file, 'utf8')).toContain('cc:dd');
  });

  it('applies form changes into the text keeping comments; a typed password stays on the main side until saved', async () => {
    h = await createHarness(sampleConfig());
    const doc = ok(await h.core.request('getConfig'));
    const draft = ok(
      await h.core.request('patchConfig', {
        text: doc.text,
        changes: {
          'client.fallback_servers': ['ws://127.0.0.1:9998', 'ws://127.0.0.1:9997'],
          'auth.password': 'n3w-Passw0rd',
        },
      }),
    );
    expect(draft.text).toContain('# the server we use');
    expect(draft.text).toContain(
      '  fallback_servers = ["ws://127.0.0.1:9998", "ws://127.0.0.1:9997"]\n  auth = "client1:********"',
    );
    expect(draft.text).not.toContain('n3w-Passw0rd');
    expect(draft.form?.['client.fallback_servers']).toHaveLength(2);
    const saved = ok(await h.core.request('saveConfig', { text: draft.text, baseRevision: doc.revision }));
    expect(saved.saved).toBe(true);
    expect(readFileSync(h.file, 'utf8')).toContain('auth = "client1:n3w-Passw0rd"');
    expect(JSON.stringify(saved)).not.toContain('n3w-Passw0rd');
  });

  it('refuses to change a key the policy locks, at its line', async () => {
    h = await createHarness(sampleConfig(), { policy: '[client]\nserver = "ws://127.0.0.1:9999"\n' });
    const doc = ok(await h.core.request('getConfig'));
    expect(doc.lockedKeys).toEqual(['client.server']);
    const edited = doc.text.replace('ws://127.0.0.1:9999', 'ws://127.0.0.1:7777');
    const check = ok(await h.core.request('checkConfig', { text: edited }));
    expect(check.problems).toContainEqual(
      expect.objectContaining({
        key: 'client.server',
        line: 4,
        message: 'client.server is locked by policy and cannot be changed',
      }),
    );
    const patched = await h.core.request('patchConfig', { text: doc.text, changes: { 'client.server': 'ws://x:1' } });
    expect(patched).toMatchObject({ ok: false, error: { message: 'client.server is locked by policy' } });
  });
});

describe('app core: first start', () => {
  const input = {
    server: 'ws://127.0.0.1:9999',
    fallbackServers: [],
    authId: 'client1',
    password: PASSWORD,
    fingerprint: 'aa:bb',
  };

  it('waits for the setup when there is no config, and refuses engine actions meanwhile', async () => {
    h = await createHarness(null);
    expect(h.supervisors).toHaveLength(0);
    const snap = ok(await h.core.request('getSnapshot'));
    expect(snap.status).toMatchObject({ setupNeeded: true, state: 'stopped' });
    expect(await h.core.request('pause')).toMatchObject({ ok: false, error: { code: 'invalid-state' } });
  });

  it('writes nothing when the connection test fails, and names the failing step', async () => {
    h = await createHarness(null);
    h.tester.report = { ...okReport, ok: false, failedStep: 'auth', message: 'the server refused the credentials' };
    const outcome = ok(await h.core.request('completeSetup', input));
    expect(outcome).toMatchObject({ saved: false, report: { failedStep: 'auth' } });
    expect(existsSync(h.file)).toBe(false);
    expect(h.supervisors).toHaveLength(0);
  });

  it('writes an owner-only config after a good test and starts the engine with it', async () => {
    h = await createHarness(null);
    const outcome = ok(await h.core.request('completeSetup', input));
    expect(outcome.saved).toBe(true);
    expect(h.tester.calls).toBe(1);
    const text = readFileSync(h.file, 'utf8');
    expect(text).toContain('server = "ws://127.0.0.1:9999"');
    expect(text).toContain(`auth = "client1:${PASSWORD}"`);
    if (process.platform !== 'win32') expect(statSync(h.file).mode & 0o077).toBe(0);
    expect(h.supervisor.options.config.client.fingerprint).toBe('aa:bb');
    expect(h.core.status().setupNeeded).toBe(false);
    expect(JSON.stringify(outcome)).not.toContain(PASSWORD);
    expect(await h.core.request('completeSetup', input)).toMatchObject({ ok: false, error: { code: 'invalid-state' } });
  });
});

describe('app core: the config changed on disk', () => {
  it('restarts the engine with a valid change, and keeps running on the old config when the change has errors', async () => {
    const { writeFileSync } = await import('node:fs');
    h = await createHarness(sampleConfig());
    writeFileSync(h.file, sampleConfig().replace("keep_alive = '1s'", "keep_alive = '5s'"));
    await h.core.configChangedOnDisk();
    expect(h.supervisors).toHaveLength(2);
    expect(h.supervisor.options.config.connection.keep_alive).toBe(5e9);
    expect(h.messages.some((m) => m.event.type === 'config-changed')).toBe(true);

    writeFileSync(h.file, sampleConfig().replace("keep_alive = '1s'", "keep_alive = 'never'"));
    await h.core.configChangedOnDisk();
    expect(h.supervisors).toHaveLength(2);
    expect(h.supervisor.calls).toEqual(['start']);
    const snap = ok(await h.core.request('getSnapshot'));
    expect(snap.logs.some((l) => l.level === 'error' && l.message.includes('has errors (line 10'))).toBe(true);

    // Nothing changed: nothing happens.
    await h.core.configChangedOnDisk();
    expect(h.supervisors).toHaveLength(2);
  });
});
