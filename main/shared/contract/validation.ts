// The runtime checks: the main side runs them on every incoming request and on every result it sends,
// the clients (preload, WebSocket client) on every reply and event they receive, so a bug on either side
// shows up as a clear error that names the bad field, not as a broken view.
import * as z from './zod-mini';
import { contractErrorSchema, type ContractError, type Parsed, type RequestOutcome } from './errors';
import { eventMessageSchema, type EventMessage } from './events';
import { requestSchemas, type RequestName, type RequestResult } from './requests';

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requestSchemas, name);
}

/** Checks a request's name and params; the error names the request and every bad field. */
export function parseRequest(
  name: unknown,
  params: unknown,
): { ok: true; name: RequestName; params: unknown } | { ok: false; error: ContractError } {
  if (!isRequestName(name)) {
    const shown = typeof name === 'string' ? JSON.stringify(name.slice(0, 64)) : typeof name;
    return { ok: false, error: { code: 'invalid-request', message: `unknown request ${shown}` } };
  }
  const parsed = requestSchemas[name].params.safeParse(params);
  if (!parsed.success) {
    return {
      ok: false,
      error: { code: 'invalid-request', message: `invalid params for ${name}: ${describeIssues(parsed.error)}` },
    };
  }
  return { ok: true, name, params: parsed.data };
}

/** Checks a result the main side produced (or a client received) against the request's schema. */
export function parseResult<N extends RequestName>(name: N, value: unknown): Parsed<RequestResult<N>> {
  const parsed = requestSchemas[name].result.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data as RequestResult<N> };
  return {
    ok: false,
    error: { code: 'internal', message: `invalid result for ${name}: ${describeIssues(parsed.error)}` },
  };
}

export function parseEventMessage(value: unknown): Parsed<EventMessage> {
  const parsed = eventMessageSchema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, error: { code: 'invalid-request', message: `invalid event: ${describeIssues(parsed.error)}` } };
}

const requestOutcomeSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: contractErrorSchema }),
]);

/** Checks an outcome as a client receives it; the value is then checked against the request's result. */
export function parseOutcome<N extends RequestName>(name: N, value: unknown): RequestOutcome<RequestResult<N>> {
  const outer = requestOutcomeSchema.safeParse(value);
  if (!outer.success) {
    return {
      ok: false,
      error: { code: 'internal', message: `invalid reply to ${name}: ${describeIssues(outer.error)}` },
    };
  }
  if (!outer.data.ok) return { ok: false, error: outer.data.error };
  return parseResult(name, outer.data.value);
}

/** `path.to.field: message` for each issue, at most five. */
export function describeIssues(error: z.core.$ZodError): string {
  const shown = error.issues.slice(0, 5).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
    return `${where}: ${issue.message}`;
  });
  const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : '';
  return shown.join('; ') + more;
}
