// The literal secrets a config holds, for the log sink's scrubber: the password in `auth`, the proxy's
// password, and the values of credential headers.

import type { RportConfig } from '../types/config-types';
import { isCredentialHeader } from './credential-header';

export function configSecrets(config: RportConfig, passwordOverride?: string): string[] {
  const secrets: string[] = [];
  const auth = config.client.auth;
  const colon = auth.indexOf(':');
  if (colon >= 0) secrets.push(auth.slice(colon + 1));
  if (passwordOverride) secrets.push(passwordOverride);
  if (config.client.proxy) {
    try {
      const url = new URL(config.client.proxy);
      if (url.password) secrets.push(url.password, decodeURIComponent(url.password));
    } catch {
      // Not a URL: the sink still masks `scheme://user:pass@` patterns.
    }
  }
  for (const header of config.connection.headers) {
    const at = header.indexOf(':');
    if (at > 0 && isCredentialHeader(header.slice(0, at))) secrets.push(header.slice(at + 1).trim());
  }
  return secrets.filter((s) => s !== '');
}
