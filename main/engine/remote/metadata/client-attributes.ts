// The attributes file (`[client] attributes_file_path`, §3.2/§8): JSON `{"tags":[…],"labels":{…}}`, read
// once at start and, if readable, used instead of the config's tags and labels; written by
// `update_client_metadata`.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { RportConfig } from '../../../config/config-types';
import type { ClientAttributes } from '../../server-session';

const attributesSchema = z.object({
  tags: z.array(z.string()).nullable().optional(),
  labels: z.record(z.string(), z.string()).nullable().optional(),
});

/** Parses attribute JSON; absent or null fields become empty, as Go's zero values are sent. */
export function parseClientAttributes(text: string): ClientAttributes {
  const parsed = attributesSchema.parse(JSON.parse(text));
  return { tags: parsed.tags ?? [], labels: parsed.labels ?? {} };
}

export interface LoadedAttributes {
  attributes: ClientAttributes;
  /** Where they came from, for a log line. */
  source: 'config' | 'attributes-file';
  /** Why the file was not used, when it is set but unusable. */
  problem: string | null;
}

/**
 * The tags and labels for `new_connection`: from the attributes file when it is set and readable
 * (it replaces both), else from `[client] tags` and `labels`. An unusable file is not fatal.
 */
export async function loadClientAttributes(config: RportConfig): Promise<LoadedAttributes> {
  const fromConfig: ClientAttributes = { tags: [...config.client.tags], labels: { ...config.client.labels } };
  const file = config.client.attributes_file_path;
  if (file === '') return { attributes: fromConfig, source: 'config', problem: null };
  try {
    return {
      attributes: parseClientAttributes(await readFile(file, 'utf8')),
      source: 'attributes-file',
      problem: null,
    };
  } catch (error) {
    const reason =
      error instanceof z.ZodError
        ? 'expected {"tags":[…],"labels":{…}}'
        : error instanceof Error
          ? error.message
          : String(error);
    return { attributes: fromConfig, source: 'config', problem: `could not read attributes file ${file}: ${reason}` };
  }
}
