// Errors cross as data: an Error object does not survive IPC or JSON, and the window must be able to
// say what went wrong (a refused request, a conflict, an engine that is not there).
import * as z from './zod-mini';

export const contractErrorSchema = z.object({
  code: z.enum(['invalid-request', 'invalid-state', 'conflict', 'unavailable', 'internal']),
  message: z.string(),
});
export type ContractError = z.infer<typeof contractErrorSchema>;
export type ContractErrorCode = ContractError['code'];

/** What every request answers: its value, or the error as data. */
export type RequestOutcome<T> = { ok: true; value: T } | { ok: false; error: ContractError };

/** A checked value, or why it was refused. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: ContractError };
