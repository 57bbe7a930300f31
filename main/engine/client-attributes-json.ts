// The attributes JSON (docs/protocol.md §8.2): `{"tags":[…],"labels":{…}}`, from the attributes file or
// an `update_client_metadata` request. Its own module because it needs zod: the engine imports it only
// when an attributes file is configured or the server sends metadata (client-attributes.ts).
import * as z from './payload-schema';
import type { ClientAttributes } from './server-session';

const attributesSchema = z.object({
  tags: z.optional(z.nullable(z.array(z.string()))),
  labels: z.optional(z.nullable(z.record(z.string(), z.string()))),
});

/** Parses attribute JSON like Go's json.Unmarshal into Attributes; absent or null fields become empty. */
export function parseClientAttributes(text: string): ClientAttributes {
  const parsed = attributesSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error('expected {"tags":[…],"labels":{…}} with string tags and string label values');
  return { tags: parsed.data.tags ?? [], labels: parsed.data.labels ?? {} };
}
