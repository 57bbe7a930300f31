// First start and the connection test: what the user types, and the test's report step by step.
import * as z from '../zod-mini';
import { configProblemSchema } from './config-editing';

/** The steps of the connection test, in the order they run (the report lists them in this order). */
/** `proxy` (the proxy's tunnel to the server) is reported only when the test went through a proxy. */
export const connectionStepSchema = z.enum(['dns', 'tcp', 'proxy', 'websocket', 'ssh', 'fingerprint', 'auth']);
export type ConnectionStep = z.infer<typeof connectionStepSchema>;

export const setupInputSchema = z.strictObject({
  server: z.string().check(z.trim(), z.minLength(1, 'the server address is required'), z.maxLength(2048)),
  fallbackServers: z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(2048))).check(z.maxLength(16)),
  authId: z.string().check(z.trim(), z.minLength(1, 'the client auth ID is required'), z.maxLength(512)),
  password: z.string().check(z.minLength(1, 'the password is required'), z.maxLength(4096)),
  fingerprint: z.string().check(z.trim(), z.maxLength(512)),
  /**
   * What the server may do on this machine; each is on by default, as in the RPort client. The setup
   * writes them into the config either way, so the user sees them there.
   */
  features: z.optional(
    z.strictObject({ remoteCommands: z.boolean(), fileReception: z.boolean(), monitoring: z.boolean() }),
  ),
});
export type SetupInput = z.infer<typeof setupInputSchema>;

export const connectionTestReportSchema = z.object({
  ok: z.boolean(),
  steps: z.array(
    z.object({
      step: connectionStepSchema,
      status: z.enum(['ok', 'failed', 'skipped']),
      detail: z.string(),
      durationMs: z.nullable(z.number().check(z.nonnegative())),
    }),
  ),
  failedStep: z.nullable(connectionStepSchema),
  message: z.string(),
  /** The fingerprint the server presented, so the user can compare and pin it. */
  serverFingerprint: z.nullable(z.string()),
});
export type ConnectionTestReport = z.infer<typeof connectionTestReportSchema>;

export const setupOutcomeSchema = z.object({
  saved: z.boolean(),
  problems: z.array(configProblemSchema),
  report: z.nullable(connectionTestReportSchema),
});
export type SetupOutcome = z.infer<typeof setupOutcomeSchema>;
