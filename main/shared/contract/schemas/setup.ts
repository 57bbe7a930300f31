// First start and the connection test: what the user types, and the test's report step by step.
import { z } from 'zod';
import { configProblemSchema } from './config-editing';

/** The steps of the connection test, in the order they run (the report lists them in this order). */
/** `proxy` (the proxy's tunnel to the server) is reported only when the test went through a proxy. */
export const connectionStepSchema = z.enum(['dns', 'tcp', 'proxy', 'websocket', 'ssh', 'fingerprint', 'auth']);
export type ConnectionStep = z.infer<typeof connectionStepSchema>;

export const setupInputSchema = z.strictObject({
  server: z.string().trim().min(1, 'the server address is required').max(2048),
  fallbackServers: z.array(z.string().trim().min(1).max(2048)).max(16),
  authId: z.string().trim().min(1, 'the client auth ID is required').max(512),
  password: z.string().min(1, 'the password is required').max(4096),
  fingerprint: z.string().trim().max(512),
  /**
   * What the server may do on this machine; each is on by default, as in the RPort client. The setup
   * writes them into the config either way, so the user sees them there.
   */
  features: z
    .strictObject({ remoteCommands: z.boolean(), fileReception: z.boolean(), monitoring: z.boolean() })
    .optional(),
});
export type SetupInput = z.infer<typeof setupInputSchema>;

export const connectionTestReportSchema = z.object({
  ok: z.boolean(),
  steps: z.array(
    z.object({
      step: connectionStepSchema,
      status: z.enum(['ok', 'failed', 'skipped']),
      detail: z.string(),
      durationMs: z.number().nonnegative().nullable(),
    }),
  ),
  failedStep: connectionStepSchema.nullable(),
  message: z.string(),
  /** The fingerprint the server presented, so the user can compare and pin it. */
  serverFingerprint: z.string().nullable(),
});
export type ConnectionTestReport = z.infer<typeof connectionTestReportSchema>;

export const setupOutcomeSchema = z.object({
  saved: z.boolean(),
  problems: z.array(configProblemSchema),
  report: connectionTestReportSchema.nullable(),
});
export type SetupOutcome = z.infer<typeof setupOutcomeSchema>;
