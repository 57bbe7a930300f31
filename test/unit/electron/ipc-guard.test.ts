import { describe, expect, it, vi } from 'vitest';
import { checkSender, ipcRequestHandler, UNTRUSTED_SENDER } from '../../../main/electron/security/ipc-guard';
import type { RequestName, RequestOutcome } from '../../../main/shared/contract';

const OUR_ID = 7;
const event = (url: string, over: { parent?: unknown; id?: number; noFrame?: boolean } = {}) => ({
  senderFrame: over.noFrame ? null : { url, parent: over.parent ?? null },
  sender: { id: over.id ?? OUR_ID },
});
const isOurs = (id: number) => id === OUR_ID;

describe('checkSender', () => {
  it('accepts only the top frame of our window showing an app:// page', () => {
    expect(checkSender(event('app://rport-tray/index.html'), isOurs)).toEqual({ ok: true });
    expect(checkSender(event('app://rport-tray/'), isOurs)).toEqual({ ok: true });
  });

  it('rejects other origins, subframes, foreign windows and vanished frames with a reason', () => {
    const cases: Array<[ReturnType<typeof event>, RegExp]> = [
      [event('https://evil.example/app'), /not the app \(https:\/\/evil.example\)/],
      [event('file:///work/main/dist/renderer/index.html'), /not the app \(file:\)/],
      [event('app://other-host/index.html'), /not the app/],
      [event('app://user:pw@rport-tray/'), /not the app/],
      [event('http://127.0.0.1:5173/'), /not the app/],
      [event('app://rport-tray/index.html', { parent: {} }), /subframe/],
      [event('app://rport-tray/index.html', { id: 99 }), /did not open/],
      [event('', { noFrame: true }), /gone/],
    ];
    for (const [e, reason] of cases) {
      const verdict = checkSender(e, isOurs);
      expect(verdict.ok, JSON.stringify(e)).toBe(false);
      if (!verdict.ok) expect(verdict.reason).toMatch(reason);
    }
  });
});

describe('ipcRequestHandler', () => {
  const setup = () => {
    const dispatch = vi.fn(async (_name: RequestName, params: unknown): Promise<RequestOutcome<unknown>> => ({
      ok: true,
      value: params ?? null,
    }));
    const onRejected = vi.fn();
    return { dispatch, onRejected, options: { isOurWebContents: isOurs, dispatch, onRejected } };
  };

  it('passes a valid request from our window to the app core with its parsed params', async () => {
    const { dispatch, options } = setup();
    const handler = ipcRequestHandler('switchServer', options);
    expect(await handler(event('app://rport-tray/index.html'), { index: 2 })).toEqual({
      ok: true,
      value: { index: 2 },
    });
    expect(dispatch).toHaveBeenCalledWith('switchServer', { index: 2 });
    expect(await ipcRequestHandler('pause', options)(event('app://rport-tray/'))).toEqual({ ok: true, value: null });
  });

  it('refuses a request from a foreign page without calling the app core', async () => {
    const { dispatch, onRejected, options } = setup();
    const outcome = await ipcRequestHandler('pause', options)(event('https://evil.example/'), undefined);
    expect(outcome).toEqual({ ok: false, error: UNTRUSTED_SENDER });
    expect(dispatch).not.toHaveBeenCalled();
    expect(onRejected).toHaveBeenCalledWith('pause', expect.stringContaining('not the app'));
  });

  it('refuses malformed payloads with the field named, and never echoes the payload', async () => {
    const { dispatch, onRejected, options } = setup();
    const trusted = event('app://rport-tray/index.html');
    const bad = await ipcRequestHandler('switchServer', options)(trusted, { index: -1 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    if (!bad.ok) expect(bad.error.message).toMatch(/switchServer: index/);
    const extra = await ipcRequestHandler('pause', options)(trusted, { sneaky: true });
    expect(extra.ok).toBe(false);
    const secret = 'hunter2-secret';
    const setup2 = await ipcRequestHandler('testConnection', options)(trusted, {
      server: 'x',
      password: secret,
      authId: 5,
      fingerprint: '',
      fallbackServers: [],
    });
    expect(setup2.ok).toBe(false);
    expect(JSON.stringify(setup2)).not.toContain(secret);
    expect(JSON.stringify(onRejected.mock.calls)).not.toContain(secret);
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('turns an exception in the app core into an internal error outcome', async () => {
    const { options } = setup();
    const failing = { ...options, dispatch: async () => Promise.reject(new Error('boom')) };
    expect(await ipcRequestHandler('restartEngine', failing)(event('app://rport-tray/'))).toEqual({
      ok: false,
      error: { code: 'internal', message: 'boom' },
    });
  });
});
