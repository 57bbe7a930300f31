// The reply rules of docs/protocol.md §5.1 for every server → client global request:
//   - `ping` → success with an EMPTY payload (rportd rejects anything else as a heartbeat reply);
//   - `put_capabilities` → routed to the session features, never answered (want_reply is false);
//   - `check_port`, `check_tunnel_allowed` → the core handlers; other names → the registered features;
//   - anything unknown → failure `unknown request` (rportd reads it as "feature not supported");
//   - a handler that throws → failure with its message;
//   - exactly one reply per want_reply request (the session keeps them in arrival order), none otherwise.
import type { LogLevelName } from '../shared/types/engine-types';
import { handleCheckPort, handleCheckTunnelAllowed } from './core-requests';
import type { EngineFeatureSet, RequestContext, RequestReply, ServerRequestHandler } from './server-session';
import type { TunnelAllowedRule } from '../config/rules/tunnel-allowed';
import type { RportSession } from './rport-session';

export const UNKNOWN_REQUEST = 'unknown request';

export interface DispatcherDeps {
  features: EngineFeatureSet;
  tunnelAllowed: () => readonly TunnelAllowedRule[];
  context: (session: RportSession) => RequestContext;
  log: (level: LogLevelName, message: string) => void;
  redact: (text: string) => string;
}

export type ServerRequestDispatch = (
  session: RportSession,
  name: string,
  wantReply: boolean,
  payload: Buffer | null,
  reply: (ok: boolean, payload: Buffer | null) => void,
) => void;

export function createRequestDispatcher(deps: DispatcherDeps): ServerRequestDispatch {
  const core: Record<string, ServerRequestHandler> = {
    check_port: (payload) => handleCheckPort(payload),
    check_tunnel_allowed: (payload) => handleCheckTunnelAllowed(payload, deps.tunnelAllowed(), deps.log),
  };
  return (session, name, wantReply, payload, reply) => {
    if (name === 'ping') {
      // Also when want_reply is false the reply callback is a no-op; the session never sends one then.
      reply(true, null);
      return;
    }
    if (name === 'put_capabilities') {
      deps.log('debug', `Server has capabilities: ${payload?.toString('utf8') ?? ''}`);
      if (wantReply) reply(true, Buffer.from('null'));
      return;
    }
    // Own properties only: a server's `constructor` or `__proto__` must not reach Object.prototype.
    const handler = Object.hasOwn(core, name)
      ? core[name]
      : Object.hasOwn(deps.features.requestHandlers, name)
        ? deps.features.requestHandlers[name]
        : undefined;
    if (!handler) {
      deps.log('debug', `Unknown request: ${JSON.stringify(name)}`);
      reply(false, Buffer.from(UNKNOWN_REQUEST));
      return;
    }
    let promise: Promise<RequestReply>;
    try {
      promise = handler(payload ?? Buffer.alloc(0), deps.context(session));
    } catch (error) {
      promise = Promise.reject(error);
    }
    promise.then(
      (result) => reply(result.ok, result.payload),
      (error: unknown) => {
        const message = deps.redact(error instanceof Error ? error.message : String(error));
        deps.log('error', `Failed to handle ${JSON.stringify(name)} request: ${message}`);
        reply(false, Buffer.from(message));
      },
    );
  };
}
