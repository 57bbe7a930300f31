// Log lines and the remote activity list (commands, scripts, uploads the server asked for), checked
// against the engine's own types with `satisfies`.
import * as z from '../zod-mini';
import type { LogLine, RemoteActivity } from '../../types/engine-types';
import { epochMs } from './epoch-ms';

export const logLevelSchema = z.enum(['error', 'warn', 'info', 'debug']);
export type LogLevel = z.infer<typeof logLevelSchema>;

export const logLineSchema = z.object({
  at: epochMs,
  level: logLevelSchema,
  source: z.string(),
  message: z.string(),
}) satisfies z.ZodMiniType<LogLine>;

export const remoteActivitySchema = z.object({
  id: z.string(),
  kind: z.enum(['command', 'script', 'upload']),
  at: epochMs,
  summary: z.string(),
  outcome: z.enum(['refused', 'running', 'successful', 'failed', 'unknown', 'ignored']),
  detail: z.nullable(z.string()),
  initiator: z.optional(z.nullable(z.string())),
  durationMs: z.optional(z.nullable(z.number().check(z.nonnegative()))),
  output: z.optional(z.nullable(z.string())),
}) satisfies z.ZodMiniType<RemoteActivity>;
