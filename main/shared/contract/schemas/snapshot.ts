import * as z from '../zod-mini';
import { logLineSchema, remoteActivitySchema } from './logs-activity';
import { settingsSchema } from './settings';
import { appInfoSchema, appStatusSchema, latencySampleSchema, timelineEntrySchema, tunnelInfoSchema } from './status';

/** Everything the window needs on load; later changes arrive as events with a higher `seq`. */
export const snapshotSchema = z.object({
  contractVersion: z.int(),
  /** The `seq` of the last event already folded into this snapshot. */
  seq: z.int().check(z.minimum(0)),
  app: appInfoSchema,
  status: appStatusSchema,
  tunnels: z.array(tunnelInfoSchema),
  logs: z.array(logLineSchema),
  activity: z.array(remoteActivitySchema),
  timeline: z.array(timelineEntrySchema),
  latency: z.array(latencySampleSchema),
  settings: settingsSchema,
});
export type Snapshot = z.infer<typeof snapshotSchema>;
