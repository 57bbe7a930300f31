// Headers on every response of the web UI. The CSP matches the Electron window's: scripts and styles
// from this origin only (no inline script), the WebSocket back to this server, nothing framed.
// 'self' covers the page's own ws:// origin in today's browsers; the explicit ws:// source is for older
// ones, and is left out for an IPv6 address, which a CSP source cannot name (Chromium reports
// `ws://[::1]:…` as invalid and ignores it).

export function securityHeaders(hostWithPort: string): Record<string, string> {
  const wsSource = hostWithPort.startsWith('[') ? '' : ` ws://${hostWithPort}`;
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${wsSource}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}
