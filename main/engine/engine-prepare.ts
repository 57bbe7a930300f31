// Everything the engine derives once from EngineStartOptions before the first dial: the server list,
// parsed remotes and `tunnel_allowed`, the secrets to redact, headers, and the checks the Go client makes
// at start-up (every remote must pass tunnel_allowed, §4.1). Errors here are configuration errors.
import type { RportConfig } from '../shared/types/config-types';
import type { EngineStartOptions, ServerRef } from '../shared/types/engine-types';
import { clientVersion } from './client-version';
import { parseConnectionHeaders, type ParsedHeaders } from './handshake-headers';
import { parseRemote, remoteTarget, type RemoteObject } from '../config/rules/remote-spec';
import { parseServerUrl } from './server-url';
import { SecretRedactor, configSecrets, redactUrl, splitAuth } from '../shared/secrets';
import { TunnelPolicy, type HostResolver } from '../config/rules/tunnel-allowed';

export class EngineConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineConfigError';
  }
}

export interface PreparedRun {
  config: RportConfig;
  servers: Array<ServerRef & { address: string }>;
  remotes: RemoteObject[];
  policy: TunnelPolicy;
  redactor: SecretRedactor;
  password: string;
  version: string;
  headers: ParsedHeaders;
  sessionId: string;
}

/** Synchronous part: everything but the DNS-dependent remote check. */
export function prepareRun(options: EngineStartOptions, resolver?: HostResolver): PreparedRun {
  const config = options.config;
  const redactor = new SecretRedactor(configSecrets(config, options.passwordOverride));
  const wrap = <T>(what: string, fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      throw new EngineConfigError(redactor.redact(`${what}${error instanceof Error ? error.message : String(error)}`));
    }
  };
  if (config.client.server.trim() === '') throw new EngineConfigError('server address is required');
  const addresses = [config.client.server, ...config.client.fallback_servers];
  const servers = addresses.map((address, index) => {
    const parsed = wrap(index === 0 ? 'invalid server address: ' : 'invalid fallback server address: ', () =>
      parseServerUrl(address),
    );
    return {
      index,
      url: redactUrl(parsed.url),
      role: index === 0 ? ('primary' as const) : ('fallback' as const),
      address,
    };
  });
  const version = clientVersion();
  const headers = wrap('', () =>
    parseConnectionHeaders(config.connection.headers, config.connection.hostname, version),
  );
  const policy = wrap('invalid tunnel_allowed: ', () => new TunnelPolicy(config.client.tunnel_allowed, resolver));
  const remotes = config.client.remotes.map((r) => wrap('', () => parseRemote(r)));
  const password = options.passwordOverride ?? splitAuth(config.client.auth).password;
  return { config, servers, remotes, policy, redactor, password, version, headers, sessionId: options.sessionId };
}

/** Go refuses to start when a configured remote is not allowed by tunnel_allowed (§4.1). */
export async function checkRemotesAllowed(prepared: PreparedRun): Promise<void> {
  for (const [i, remote] of prepared.remotes.entries()) {
    const text = prepared.config.client.remotes[i] ?? remoteTarget(remote);
    let allowed: boolean;
    try {
      allowed = await prepared.policy.isAllowed(remoteTarget(remote));
    } catch (error) {
      throw new EngineConfigError(
        `remote ${JSON.stringify(text)}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (!allowed)
      throw new EngineConfigError(`remote ${JSON.stringify(text)} is not allowed by "tunnel_allowed" config`);
  }
}
