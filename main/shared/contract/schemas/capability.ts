import * as z from '../zod-mini';

/** Whether a feature works in this run of the app, and if not, one line saying why (shown in the window). */
export const capabilitySchema = z.object({ available: z.boolean(), reason: z.nullable(z.string()) });
export type Capability = z.infer<typeof capabilitySchema>;
