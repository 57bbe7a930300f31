// The contract's runtime checks: every bad message is rejected with an error that names what is wrong,
// and what passes comes out as the schema says (extra fields dropped).
import { describe, expect, it } from 'vitest';
import * as z from '../../../../main/shared/contract/zod-mini';
import {
  MAX_CONFIG_TEXT_BYTES,
  describeIssues,
  isRequestName,
  parseEventMessage,
  parseOutcome,
  parseRequest,
  parseResult,
} from '../../../../main/shared/contract';

describe('contract validation: requests', () => {
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
    expect(parseRequest('__proto__', {})).toMatchObject({ ok: false });
    expect(parseRequest(42, {})).toMatchObject({ ok: false, error: { message: 'unknown request number' } });
    expect(isRequestName('constructor')).toBe(false);
    expect(isRequestName('pause')).toBe(true);
  });

  it('shows at most 64 characters of an unknown name', () => {
    const result = parseRequest('x'.repeat(10_000), {});
    expect(result).toMatchObject({ ok: false });
    if (!result.ok) expect(result.error.message).toBe(`unknown request "${'x'.repeat(64)}"`);
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
});

describe('contract validation: results, replies and events', () => {
  it('checks results too, so a main-side bug cannot send a malformed value', () => {
    expect(parseResult('pause', null)).toEqual({ ok: true, value: null });
    expect(parseResult('pause', 'done')).toMatchObject({ ok: false, error: { code: 'internal' } });
    // Extra fields are dropped: nothing the schema does not name reaches the window.
    const checked = parseResult('exportDiagnostics', { fileName: 'a.zip', base64: '', bytes: 0, password: 'x' });
    expect(checked).toEqual({ ok: true, value: { fileName: 'a.zip', base64: '', bytes: 0 } });
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
    // A well-formed reply with a value of the wrong shape is refused by the request's result schema.
    expect(parseOutcome('pause', { ok: true, value: 'done' })).toMatchObject({
      ok: false,
      error: { code: 'internal', message: expect.stringContaining('invalid result for pause') },
    });
    // An error code the contract does not know is not passed on as if it were one.
    expect(parseOutcome('pause', { ok: false, error: { code: 'teapot', message: 'x' } })).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
  });

  it('names the field of a bad event', () => {
    const bad = parseEventMessage({ seq: 1, event: { type: 'log', line: { at: 1, level: 'loud', source: 'x' } } });
    expect(bad).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/^invalid event: event\.line\./) },
    });
  });
});

describe('describeIssues', () => {
  it('says where and what for each issue, at most five, and how many more', () => {
    const schema = z.object(Object.fromEntries([...'abcdefg'].map((k) => [k, z.number()])));
    const parsed = schema.safeParse({});
    if (parsed.success) throw new Error('expected issues');
    const text = describeIssues(parsed.error);
    expect(text.split('; ')).toHaveLength(5);
    expect(text).toMatch(/^a: /);
    expect(text).toMatch(/ \(and 2 more\)$/);
    const root = z.number().safeParse('x');
    if (root.success) throw new Error('expected an issue');
    expect(describeIssues(root.error)).toMatch(/^\(root\): /);
  });
});
