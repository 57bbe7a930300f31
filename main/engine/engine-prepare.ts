// Everything the engine derives once from EngineStartOptions before the first dial. The config part is
// the config layer's own resolution (main/config/effective-config.ts: normalised servers, tunnel_allowed
// rules, parsed remotes checked against them, Go's duration fix-ups), the very function `check` and Save
// validate with, so the engine refuses exactly what they refuse, with the same message. Added here: the
// secrets to redact, the password, the handshake headers. Errors here are configuration errors.
import type { EffectiveConfig } from '../config/effective-config';
import { resolveEffectiveConfigWithLookup } from '../config/effective-config';
import type { HostLookup } from '../config/rules/host-lookup';
import type { ServerEndpoint } from '../config/rules/server-url';
import type { EngineStartOptions, ServerRef } from '../shared/types/engine-types';
import { clientVersion } from './client-version';
import { withClientHeaders, type ParsedHeaders } from './handshake-headers';
// The secrets module's parts, not its index (which brings the TOML editor along): see dial.ts.
import { configSecrets, splitAuth } from '../shared/secrets/config-secret-fields';
import { SecretRedactor } from '../shared/secrets/secret-redactor';
import { redactUrl } from '../shared/secrets/url-credentials';

export class EngineConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineConfigError';
  }
}

/** A server of the run: its status reference (URL redacted) and the endpoint the dialer uses. */
export interface PreparedServer extends ServerRef {
  endpoint: ServerEndpoint;
}

export interface PreparedRun extends Omit<EffectiveConfig, 'servers'> {
  servers: PreparedServer[];
  /** Warnings of the resolution (a remote's host that did not resolve), for the log. */
  warnings: string[];
  redactor: SecretRedactor;
  password: string;
  version: string;
  headers: ParsedHeaders;
  sessionId: string;
}

/** Resolves the config (with the DNS lookups tunnel_allowed needs for `remotes`) and the rest of a run. */
export async function prepareRun(options: EngineStartOptions, lookup?: HostLookup): Promise<PreparedRun> {
  const redactor = new SecretRedactor(configSecrets(options.config, options.passwordOverride));
  const { effective, problems } = await resolveEffectiveConfigWithLookup(options.config, lookup);
  const firstError = problems.find((p) => p.severity === 'error');
  if (!effective || firstError) throw new EngineConfigError(redactor.redact(firstError?.message ?? 'invalid config'));
  const { config } = effective;
  const servers = effective.servers.map((endpoint, index) => ({
    index,
    url: redactUrl(endpoint.url),
    role: index === 0 ? ('primary' as const) : ('fallback' as const),
    endpoint,
  }));
  const version = clientVersion();
  const headers: ParsedHeaders = withClientHeaders(effective.headers, config.connection.hostname, version);
  return {
    ...effective,
    servers,
    warnings: problems.map((p) => redactor.redact(p.message)),
    redactor,
    password: options.passwordOverride ?? splitAuth(config.client.auth).password,
    version,
    headers,
    sessionId: options.sessionId,
  };
}
