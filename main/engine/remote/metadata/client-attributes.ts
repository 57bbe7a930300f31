// The attributes JSON of `update_client_metadata` and of the attributes file (§3.2/§8):
// `{"tags":[…],"labels":{…}}`. Reading the file at start is the engine's (main/engine/client-attributes.ts).
import { z } from 'zod';
import type { ClientAttributes } from '../../server-session';

const attributesSchema = z.object({
  tags: z.array(z.string()).nullable().optional(),
  labels: z.record(z.string(), z.string()).nullable().optional(),
});

/** Parses attribute JSON; absent or null fields become empty, as Go's zero values are sent. */
export function parseClientAttributes(text: string): ClientAttributes {
  const parsed = attributesSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error('expected {"tags":[…],"labels":{…}} with string tags and string label values');
  return { tags: parsed.data.tags ?? [], labels: parsed.data.labels ?? {} };
}
