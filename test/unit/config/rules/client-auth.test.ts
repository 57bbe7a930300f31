// `[client] auth` = `<client-auth-id>:<password>` (main/config/rules/client-auth.ts): when the Go client
// would log in with an empty id, and replacing only the password.
import { describe, expect, it } from 'vitest';
import { authWithoutIdError, authWithPassword } from '../../../../main/config/rules/client-auth';

const HINT = 'write ID:PASSWORD, or change only the password with `rport-tray config set-password`';

describe('client auth', () => {
  it('no auth at all is no problem; id:password is fine, even with an empty password', () => {
    expect(authWithoutIdError('')).toBeNull();
    expect(authWithoutIdError('client1:secret')).toBeNull();
    expect(authWithoutIdError('c:')).toBeNull();
  });

  it('a value without ":" or with nothing before it logs in with an empty id', () => {
    expect(authWithoutIdError('justapassword')).toBe(
      `the value has no ":" between the client-auth id and the password, so the Go client would log in with an empty id and password: ${HINT}`,
    );
    expect(authWithoutIdError(':secret')).toBe(
      `the client-auth id before the ":" is empty, so the Go client would log in with an empty id: ${HINT}`,
    );
  });

  it('replaces the password and keeps the id (split at the first colon)', () => {
    expect(authWithPassword('client1:old', 'new:pass')).toEqual({ ok: true, auth: 'client1:new:pass' });
    expect(authWithPassword('c:old:er', 'x')).toEqual({ ok: true, auth: 'c:x' });
    expect(authWithPassword('c:old', '')).toEqual({ ok: true, auth: 'c:' });
  });

  it('refuses without an id to keep, or a password with a line break, never quoting the password', () => {
    expect(authWithPassword('', 'p')).toEqual({
      ok: false,
      error:
        'client.auth is not set, so there is no client-auth id to keep: set both with `rport-tray config set client.auth -` (reads ID:PASSWORD from standard input)',
    });
    for (const auth of ['nocolon', ':old']) {
      expect(authWithPassword(auth, 'p')).toEqual({
        ok: false,
        error:
          'client.auth has no client-auth id to keep: set both with `rport-tray config set client.auth -` (reads ID:PASSWORD from standard input)',
      });
    }
    for (const password of ['a\nb', 'a\rb']) {
      expect(authWithPassword('c:old', password)).toEqual({ ok: false, error: 'the password holds a line break' });
    }
  });
});
