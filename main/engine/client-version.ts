// The `Version` sent in `new_connection` and the `User-Agent` of the upgrade request.
//
// rportd parses `Version` with hashicorp/go-version and gates behaviour on it: clients below 0.6.4 never
// get `check_tunnel_allowed` when tunnels are restored, and the protocol doc recommends ≥ 0.8.2. The
// app's own version (0.1.0) would put this client below both, so we report the Go client release whose
// protocol we implement and carry the app version as semver build metadata, which go-version parses and
// ignores in comparisons: `0.9.13+rport-tray.0.1.0`.
import { APP_VERSION } from '../shared/app-version';

/** The rportd/rport protocol level this client implements (docs/protocol.md is written for 0.9.13). */
export const PROTOCOL_COMPAT_VERSION = '0.9.13';

function buildMetadata(appVersion: string): string {
  // Build metadata allows only [0-9A-Za-z-] separated by dots.
  return `rport-tray.${appVersion
    .replace(/[^0-9A-Za-z.-]/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^\.|\.$/g, '')}`;
}

export function clientVersion(appVersion: string = APP_VERSION): string {
  return `${PROTOCOL_COMPAT_VERSION}+${buildMetadata(appVersion)}`;
}
