import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { RequestGuard, readCookie } from '../../../main/ui-bridge/request-guard';

const TOKEN = 'tok_abcdefghijklmnopqrstuvwxyz0123456789';
const guard = new RequestGuard({ token: TOKEN, host: '127.0.0.1', port: 7700 });

function req(url: string, headers: Record<string, string>): IncomingMessage {
  return { url, headers } as unknown as IncomingMessage;
}

describe('web UI request guard', () => {
  const host = { host: '127.0.0.1:7700' };

  it('lets the token in from the URL, a bearer header, or its cookie', () => {
    expect(guard.check(req(`/?token=${TOKEN}`, host))).toEqual({ ok: true, via: 'query' });
    expect(guard.check(req('/', { ...host, authorization: `Bearer ${TOKEN}` }))).toEqual({ ok: true, via: 'bearer' });
    expect(guard.check(req('/', { ...host, cookie: `other=1; rport_tray_ui_7700=${TOKEN}` }))).toEqual({
      ok: true,
      via: 'cookie',
    });
    expect(guard.check(req('/', { host: 'localhost:7700', cookie: `rport_tray_ui_7700=${TOKEN}` }))).toMatchObject({
      ok: true,
    });
  });

  it('refuses a missing or wrong token with 401', () => {
    expect(guard.check(req('/', host))).toMatchObject({ ok: false, status: 401 });
    expect(guard.check(req('/?token=wrong', host))).toMatchObject({ ok: false, status: 401 });
    expect(guard.check(req('/', { ...host, cookie: `rport_tray_ui_7701=${TOKEN}` }))).toMatchObject({
      ok: false,
      status: 401,
    });
    expect(guard.check(req('/', { ...host, cookie: 'rport_tray_ui_7700=guessed' }))).toMatchObject({
      ok: false,
      status: 401,
    });
    expect(guard.check(req('/', { ...host, cookie: `rport_tray_ui_7700=${TOKEN}x` }))).toMatchObject({
      ok: false,
      status: 401,
    });
    expect(guard.check(req('/', { ...host, authorization: `Basic ${TOKEN}` }))).toMatchObject({
      ok: false,
      status: 401,
    });
  });

  it('refuses a foreign Host (DNS rebinding) even with the token', () => {
    for (const h of ['evil.example:7700', '127.0.0.1:7701', '127.0.0.1', '']) {
      expect(guard.check(req(`/?token=${TOKEN}`, { host: h }))).toMatchObject({
        ok: false,
        status: 403,
        reason: expect.stringContaining('Host'),
      });
    }
  });

  it('refuses a foreign Origin even with the token', () => {
    for (const origin of ['http://evil.example', 'http://127.0.0.1:7701', 'https://127.0.0.1:7700', 'null']) {
      expect(guard.check(req(`/?token=${TOKEN}`, { ...host, origin }))).toMatchObject({
        ok: false,
        status: 403,
        reason: expect.stringContaining('Origin'),
      });
    }
    expect(guard.check(req(`/?token=${TOKEN}`, { ...host, origin: 'http://127.0.0.1:7700' }))).toMatchObject({
      ok: true,
    });
  });

  it('sets an HttpOnly, SameSite=Strict cookie named for the port', () => {
    expect(guard.sessionCookie(TOKEN)).toBe(`rport_tray_ui_7700=${TOKEN}; Path=/; HttpOnly; SameSite=Strict`);
    expect(readCookie('a=1; b = 2 ;c=3', 'b')).toBe('2');
    expect(readCookie(undefined, 'b')).toBeNull();
  });
});
