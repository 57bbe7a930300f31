// The renderer's Content-Security-Policy. Sent as a response header by the app:// handler and added by
// the session to any other response, so no page in our windows can run inline or remote script.
// The window talks to main over IPC only, so it needs no network at all.

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  // No inline styles either: renderer/index.html's own meta policy and the headless web UI's header say the
  // same, so the window runs under the policy the e2e tests run it under (both policies apply in Electron).
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "worker-src 'none'",
].join('; ');

/** Adds (or replaces) the CSP header on a response's header map, case-insensitively. */
export function withCspHeader(headers: Record<string, string[] | string> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue;
    out[name] = Array.isArray(value) ? value : [value];
  }
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return out;
}
