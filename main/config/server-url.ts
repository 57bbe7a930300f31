// The Go client's `parseURL` for `server` and `fallback_servers` (docs/protocol.md §1.1): add `http://`
// when there is no scheme, add the default port, then turn http(s) into ws(s). Pure; the engine dials the
// result.
import { goParseUrl } from '../shared/go/url';

export type ServerUrlResult = { ok: true; url: string } | { ok: false; error: string };

export function normalizeServerUrl(address: string): ServerUrlResult {
  const withScheme = address.includes('://') ? address : `http://${address}`;
  const parsed = goParseUrl(withScheme);
  if (!parsed.ok) return parsed;
  const u = parsed.url;
  const scheme = u.scheme.replace('http', 'ws');
  if (u.opaque !== '') return { ok: true, url: `${scheme}:${u.opaque}${u.rawQuery ? `?${u.rawQuery}` : ''}` };
  let host = u.host;
  if (!/:\d+$/.test(host)) host += u.scheme === 'https' || u.scheme === 'wss' ? ':443' : ':80';
  const user = u.userinfo !== null ? `${u.userinfo}@` : '';
  const query = u.rawQuery !== '' ? `?${u.rawQuery}` : '';
  const fragment = u.fragment !== '' ? `#${encodeURI(u.fragment)}` : '';
  return { ok: true, url: `${scheme}://${user}${host}${u.path}${query}${fragment}` };
}
