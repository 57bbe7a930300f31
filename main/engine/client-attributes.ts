// Tags and labels sent in `new_connection` (rport-protocol.md §8.2 `attributes_file_path`): the
// attributes file (JSON `{"tags":[…],"labels":{…}}`), read once at start, replaces the config's tags and
// labels when it is readable; an unreadable file is ignored with a log line, as the Go client does.
import { readFile } from 'node:fs/promises';
import type { ClientAttributes } from './server-session';

export async function loadClientAttributes(
  configTags: readonly string[],
  configLabels: Readonly<Record<string, string>>,
  attributesFilePath: string,
  log: (message: string) => void,
): Promise<ClientAttributes> {
  const fromConfig: ClientAttributes = { tags: [...configTags], labels: { ...configLabels } };
  if (attributesFilePath === '') return fromConfig;
  try {
    const parsed: unknown = JSON.parse(await readFile(attributesFilePath, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) throw new Error('not a JSON object');
    const record = parsed as { tags?: unknown; labels?: unknown };
    const tags = Array.isArray(record.tags) ? record.tags.filter((t): t is string => typeof t === 'string') : [];
    const labels: Record<string, string> = {};
    if (record.labels && typeof record.labels === 'object') {
      for (const [k, v] of Object.entries(record.labels as Record<string, unknown>))
        if (typeof v === 'string') labels[k] = v;
    }
    return { tags, labels };
  } catch (error) {
    log(
      `could not read attributes file ${attributesFilePath}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return fromConfig;
  }
}
