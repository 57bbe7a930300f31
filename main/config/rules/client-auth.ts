// `[client] auth` is `<client-auth-id>:<password>`. The Go client splits it at the first colon; without
// one, both the id and the password are empty (settings.ParseAuth), and `:password` has an empty id too:
// either way it logs in with an empty id, which rportd refuses unless it has a client without one. A file
// may still say so (`check` warns, as Go starts with it), but `rport-tray config set` does not write it:
// a bare password piped into `config set client.auth -` would otherwise replace the whole credential.
// Not the secrets index, which brings the TOML editor into the engine worker (README "Memory").
import { splitAuth } from '../../shared/secrets/config-secret-fields';

/** Why `auth` would log in with an empty client-auth id, or null (an empty `auth` is no auth at all). */
export function authWithoutIdError(auth: string): string | null {
  if (auth === '') return null;
  const hint = 'write ID:PASSWORD, or change only the password with `rport-tray config set-password`';
  if (!auth.includes(':')) {
    return `the value has no ":" between the client-auth id and the password, so the Go client would log in with an empty id and password: ${hint}`;
  }
  if (splitAuth(auth).user === '')
    return `the client-auth id before the ":" is empty, so the Go client would log in with an empty id: ${hint}`;
  return null;
}

/**
 * `auth` with its password replaced and its id kept; an error when `auth` has no id to keep. Never puts the
 * password in a message.
 */
export function authWithPassword(
  auth: string,
  password: string,
): { ok: true; auth: string } | { ok: false; error: string } {
  const { user } = splitAuth(auth);
  if (user === '') {
    return {
      ok: false,
      error:
        auth === ''
          ? 'client.auth is not set, so there is no client-auth id to keep: set both with `rport-tray config set client.auth -` (reads ID:PASSWORD from standard input)'
          : 'client.auth has no client-auth id to keep: set both with `rport-tray config set client.auth -` (reads ID:PASSWORD from standard input)',
    };
  }
  if (/[\r\n]/.test(password)) return { ok: false, error: 'the password holds a line break' };
  return { ok: true, auth: `${user}:${password}` };
}
