// The events the main side pushes to the window, each with a sequence number.
import * as z from './zod-mini';
import { epochMs } from './schemas/epoch-ms';
import { logLineSchema, remoteActivitySchema } from './schemas/logs-activity';
import { settingsSchema } from './schemas/settings';
import { appStatusSchema, latencySampleSchema, timelineEntrySchema, tunnelInfoSchema } from './schemas/status';

export const contractEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status'), status: appStatusSchema }),
  z.object({ type: z.literal('tunnel'), tunnel: tunnelInfoSchema }),
  /** The whole list (e.g. after an engine restart closed every tunnel). */
  z.object({ type: z.literal('tunnels'), tunnels: z.array(tunnelInfoSchema) }),
  z.object({ type: z.literal('log'), line: logLineSchema }),
  z.object({ type: z.literal('activity'), activity: remoteActivitySchema }),
  z.object({ type: z.literal('timeline'), entry: timelineEntrySchema }),
  z.object({ type: z.literal('latency'), sample: latencySampleSchema }),
  /** The config file changed (saved from the window, setup, or elsewhere). */
  z.object({ type: z.literal('config-changed'), revision: z.string(), at: epochMs }),
  /** Preferences or the password's place changed (from the window, the tray, or a config change). */
  z.object({ type: z.literal('settings'), settings: settingsSchema }),
]);
export type ContractEvent = z.infer<typeof contractEventSchema>;
export type ContractEventType = ContractEvent['type'];

export const eventMessageSchema = z.object({ seq: z.int().check(z.minimum(1)), event: contractEventSchema });
/** Events carry a sequence number so a window can drop those already folded into its snapshot. */
export type EventMessage = z.infer<typeof eventMessageSchema>;
