// The renderer is served from a custom, privileged scheme (not file://): one origin for the CSP and for
// checking who sends IPC, and no access to the rest of the disk through relative URLs.

export const APP_SCHEME = 'app';
export const APP_HOST = 'rport-tray';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const RENDERER_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** True when `url` is a page of our renderer (the exact scheme and host; any path). */
export function isAppUrl(url: string | null | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && !parsed.username && !parsed.password;
  } catch {
    return false;
  }
}
