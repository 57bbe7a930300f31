// The secret of a URL is its user info: the password of `user:password`, or the whole user info when it
// has no colon (a token written as the user name, like a password written without its id). The user
// name before a colon stays visible, so a reader can still tell which account a URL uses.
import { SECRET_MASK } from './secret-mask';

/** `user:password` → `user:********`; `token` → `********`; `user:` (no password) is kept. */
export function maskUserInfo(userInfo: string): string {
  // Kept when nothing follows the first colon (also `` itself: indexOf -1 is then length - 1); without
  // a colon the kept part before the mask is empty.
  const colon = userInfo.indexOf(':');
  return colon === userInfo.length - 1 ? userInfo : `${userInfo.slice(0, colon + 1)}${SECRET_MASK}`;
}

/**
 * The literal secrets of a user info, in every form a message may quote them: the password as written
 * and percent-decoded, and `user:password` decoded (what HTTP Basic auth base64-encodes).
 */
export function userInfoSecrets(userInfo: string): string[] {
  const colon = userInfo.indexOf(':');
  if (colon < 0) return [...new Set([userInfo, decodeSafe(userInfo)])].filter((s) => s !== '');
  const password = userInfo.slice(colon + 1);
  if (password === '') return [];
  const user = userInfo.slice(0, colon);
  return [...new Set([password, decodeSafe(password), `${decodeSafe(user)}:${decodeSafe(password)}`])];
}

/**
 * The user info of one URL value, as Go's url.Parse finds it (the authority ends at the first `/`, `?`
 * or `#`; the user info at its last `@`); null when there is none.
 */
function userInfoOf(url: string): { start: number; end: number } | null {
  const scheme = url.indexOf('://');
  if (scheme < 0) return null;
  const start = scheme + 3;
  const rest = url.slice(start);
  const authorityEnd = rest.search(/[/?#]/);
  const at = (authorityEnd < 0 ? rest : rest.slice(0, authorityEnd)).lastIndexOf('@');
  return at < 0 ? null : { start, end: start + at };
}

/** One URL value with its user info masked: `http://u:p@proxy:3128` → `http://u:********@proxy:3128`. */
export function redactUrl(url: string): string {
  const found = userInfoOf(url);
  if (found === null) return url;
  return `${url.slice(0, found.start)}${maskUserInfo(url.slice(found.start, found.end))}${url.slice(found.end)}`;
}

/** The literal secrets of one URL value (see userInfoSecrets). */
export function urlSecrets(url: string): string[] {
  const found = userInfoOf(url);
  return found === null ? [] : userInfoSecrets(url.slice(found.start, found.end));
}

// A URL inside free text (a log line, a TOML line): it ends at white space and at quotes, so one URL in a
// list does not run into the next item; the user info still ends at its last `@`.
const URL_IN_TEXT = /([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)([^\s/?#"'`<>]*)@/g;

/** Every URL in a text with its user info masked. */
export function redactUrlCredentials(text: string): string {
  return text.replace(URL_IN_TEXT, (_match, scheme: string, userInfo: string) => `${scheme}${maskUserInfo(userInfo)}@`);
}

/** The literal secrets of every URL in a text. */
export function urlCredentialSecretsIn(text: string): string[] {
  return [...text.matchAll(URL_IN_TEXT)].flatMap((match) => userInfoSecrets(match[2] ?? ''));
}

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
