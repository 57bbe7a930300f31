import { z } from 'zod';

/** Whether a feature works in this run of the app, and if not, one line saying why (shown in the window). */
export const capabilitySchema = z.object({ available: z.boolean(), reason: z.string().nullable() });
export type Capability = z.infer<typeof capabilitySchema>;
