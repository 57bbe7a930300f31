// The default session, hardened before any page loads: the CSP header on every response, permissions
// denied by default, the renderer served from dist/renderer over app://, and downloads refused.
import path from 'node:path';
import { createAppProtocolHandler } from '../security/app-protocol';
import { withCspHeader } from '../security/content-security-policy';
import { refuseDownloads } from '../security/download-guard';
import { APP_SCHEME } from '../security/renderer-origin';
import { denyPermissionsByDefault } from '../security/web-contents-guards';
import type { DesktopLog } from './desktop-state';
import type { ElectronApis } from './desktop-types';

export function setupSession(e: Pick<ElectronApis, 'session' | 'protocol'>, distDir: string, log: DesktopLog): void {
  const session = e.session.defaultSession;
  session.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: withCspHeader(details.responseHeaders) }),
  );
  denyPermissionsByDefault(session);
  e.protocol.handle(APP_SCHEME, createAppProtocolHandler(path.join(distDir, 'renderer')));
  refuseDownloads(session, (name) => log('warn', `refused a download by the window (${name})`));
}
