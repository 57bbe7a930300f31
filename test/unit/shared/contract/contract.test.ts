// The contract's schemas: every bad message is rejected with an error that names what is wrong.
import { describe, expect, it } from 'vitest';
import {
  MAX_CONFIG_TEXT_BYTES,
  REQUEST_NAMES,
  parseEventMessage,
  parseOutcome,
  parseRequest,
  parseResult,
  requestChannel,
  wsClientMessageSchema,
} from '../../../../main/shared/contract';

describe('contract: requests', () => {
  it('accepts a well-formed request and returns the parsed params', () => {
    expect(parseRequest('switchServer', { index: 1 })).toEqual({
      ok: true,
      name: 'switchServer',
      params: { index: 1 },
    });
    expect(parseRequest('pause', undefined)).toEqual({ ok: true, name: 'pause', params: undefined });
    expect(parseRequest('pause', {})).toMatchObject({ ok: true });
  });

  it('rejects unknown names, including ones inherited from Object.prototype', () => {
    expect(parseRequest('deleteEverything', {})).toEqual({
      ok: false,
      error: { code: 'invalid-request', message: 'unknown request "deleteEverything"' },
    });
    expect(parseRequest('toString', {})).toMatchObject({ ok: false, error: { message: 'unknown request "toString"' } });
    expect(parseRequest(42, {})).toMatchObject({ ok: false, error: { message: 'unknown request number' } });
  });

  it('names the request and the bad field', () => {
    expect(parseRequest('switchServer', { index: -1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: expect.stringMatching(/^invalid params for switchServer: index: /) },
    });
    expect(parseRequest('switchServer', {})).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('index') },
    });
    expect(parseRequest('pause', { force: true })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('force') },
    });
    const setup = parseRequest('testConnection', {
      server: '',
      fallbackServers: [],
      authId: 'a',
      password: 'p',
      fingerprint: '',
    });
    expect(setup).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('server: the server address is required') },
    });
  });

  it('refuses a config text over the size limit and form changes with wrong types', () => {
    const huge = 'x'.repeat(MAX_CONFIG_TEXT_BYTES + 1);
    expect(parseRequest('checkConfig', { text: huge })).toMatchObject({
      ok: false,
      error: { message: 'invalid params for checkConfig: text: the config text is too large' },
    });
    expect(parseRequest('patchConfig', { text: '', changes: { 'connection.max_retry_count': '3' } })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('changes.connection.max_retry_count') },
    });
    expect(parseRequest('patchConfig', { text: '', changes: { 'client.unknown': 'x' } })).toMatchObject({ ok: false });
  });

  it('checks results too, so a main-side bug cannot send a malformed value', () => {
    expect(parseResult('pause', null)).toEqual({ ok: true, value: null });
    expect(parseResult('pause', 'done')).toMatchObject({ ok: false, error: { code: 'internal' } });
    // Extra fields are dropped: nothing the schema does not name reaches the window.
    const checked = parseResult('exportDiagnostics', { fileName: 'a.zip', base64: '', bytes: 0, password: 'x' });
    expect(checked).toEqual({ ok: true, value: { fileName: 'a.zip', base64: '', bytes: 0 } });
  });

  it('gives every request its own IPC channel', () => {
    const channels = new Set(REQUEST_NAMES.map(requestChannel));
    expect(channels.size).toBe(REQUEST_NAMES.length);
    expect(requestChannel('pause')).toBe('rport-tray:request:pause');
  });
});

describe('contract: events and replies', () => {
  it('accepts a status event and rejects one with a bad state word', () => {
    const status = {
      state: 'connected',
      message: '',
      engine: null,
      supervisor: { phase: 'running', failedReason: null, nextRestartAt: null, restartCount: 0 },
      lastUpdateAt: null,
      setupNeeded: false,
      configPath: '/x/rport.conf',
      configIssue: null,
    };
    expect(parseEventMessage({ seq: 1, event: { type: 'status', status } })).toMatchObject({ ok: true });
    const bad = parseEventMessage({ seq: 1, event: { type: 'status', status: { ...status, state: 'online' } } });
    expect(bad).toMatchObject({ ok: false, error: { message: expect.stringContaining('event.status.state') } });
    expect(parseEventMessage({ seq: 0, event: { type: 'tunnels', tunnels: [] } })).toMatchObject({ ok: false });
    expect(parseEventMessage({ seq: 2, event: { type: 'reboot' } })).toMatchObject({ ok: false });
  });

  it('checks a reply as the client receives it', () => {
    expect(parseOutcome('pause', { ok: true, value: null })).toEqual({ ok: true, value: null });
    expect(parseOutcome('pause', { ok: false, error: { code: 'invalid-state', message: 'no engine' } })).toEqual({
      ok: false,
      error: { code: 'invalid-state', message: 'no engine' },
    });
    expect(parseOutcome('pause', { ok: 'yes' })).toMatchObject({
      ok: false,
      error: { code: 'internal', message: expect.stringContaining('invalid reply to pause') },
    });
  });

  it('checks WebSocket frames: a request needs a numeric id and a name', () => {
    expect(wsClientMessageSchema.safeParse({ kind: 'request', id: 1, name: 'pause' }).success).toBe(true);
    expect(wsClientMessageSchema.safeParse({ kind: 'request', id: '1', name: 'pause' }).success).toBe(false);
    expect(wsClientMessageSchema.safeParse({ kind: 'event', id: 1, name: 'pause' }).success).toBe(false);
    expect(wsClientMessageSchema.safeParse({ kind: 'request', id: 1, name: 'pause', extra: 1 }).success).toBe(false);
  });
});
