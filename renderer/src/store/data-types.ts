// The engine's data shapes as the window receives them (inferred from the contract's schemas, so the
// renderer never imports main-side code).
import type * as z from '../../../main/shared/contract/zod-mini';
import type {
  engineStatusSchema,
  logLineSchema,
  remoteActivitySchema,
  serverStatusSchema,
  tunnelInfoSchema,
} from '../../../main/shared/contract';

export type TunnelInfo = z.infer<typeof tunnelInfoSchema>;
export type RemoteActivity = z.infer<typeof remoteActivitySchema>;
export type EngineStatus = z.infer<typeof engineStatusSchema>;
export type ServerStatus = z.infer<typeof serverStatusSchema>;
export type LogLine = z.infer<typeof logLineSchema>;
