// The attributes JSON (docs/protocol.md §8.2): `{"tags":[…],"labels":{…}}`, from the attributes file or
// an `update_client_metadata` request. Its own module because it needs zod: the engine imports it only
// when an attributes file is configured or the server sends metadata (client-attributes.ts).
import { z } from 'zod';
import type { ClientAttributes } from './server-session';

const attributesSchema = z.object({
  tags: z.array(z.string()).nullable().optional(),
  labels: z.record(z.string(), z.string()).nullable().optional(),
});

/** Parses attribute JSON like Go's json.Unmarshal into Attributes; absent or null fields become empty. */
export function parseClientAttributes(text: string): ClientAttributes {
  const parsed = attributesSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error('expected {"tags":[…],"labels":{…}} with string tags and string label values');
  return { tags: parsed.data.tags ?? [], labels: parsed.data.labels ?? {} };
}
