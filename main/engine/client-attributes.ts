// Tags and labels sent in `new_connection` (docs/protocol.md §8.2 `attributes_file_path`): the
// attributes file (JSON `{"tags":[…],"labels":{…}}`), read once at start, replaces the config's tags and
// labels when it is readable; an unreadable or malformed file is ignored with a log line, as the Go
// client does. `update_client_metadata` sends the same JSON and writes it to that file.
import { readFile } from 'node:fs/promises';
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

export async function loadClientAttributes(
  configTags: readonly string[],
  configLabels: Readonly<Record<string, string>>,
  attributesFilePath: string,
  log: (message: string) => void,
): Promise<ClientAttributes> {
  const fromConfig: ClientAttributes = { tags: [...configTags], labels: { ...configLabels } };
  if (attributesFilePath === '') return fromConfig;
  try {
    return parseClientAttributes(await readFile(attributesFilePath, 'utf8'));
  } catch (error) {
    log(
      `could not read attributes file ${attributesFilePath}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return fromConfig;
  }
}
