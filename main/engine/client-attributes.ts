// Tags and labels sent in `new_connection` (docs/protocol.md §8.2 `attributes_file_path`): the
// attributes file (JSON `{"tags":[…],"labels":{…}}`), read once at start, replaces the config's tags and
// labels when it is readable; an unreadable or malformed file is ignored with a log line, as the Go
// client does. `update_client_metadata` sends the same JSON and writes it to that file.
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
    const text = await readFile(attributesFilePath, 'utf8');
    // The parser (zod) is loaded only by a client that has an attributes file.
    const { parseClientAttributes } = await import('./client-attributes-json');
    return parseClientAttributes(text);
  } catch (error) {
    log(
      `could not read attributes file ${attributesFilePath}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return fromConfig;
  }
}
