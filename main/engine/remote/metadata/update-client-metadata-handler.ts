// `update_client_metadata` (§5.2): the server replaces the client's tags and labels. They are written
// to the attributes file and used in the next `new_connection`; reply `{"status":"OK"}`. A new file gets
// mode 0600; an existing one keeps its mode, as Go's os.WriteFile leaves it.
import { chmod, rename, stat, writeFile } from 'node:fs/promises';
import type { RequestContext, ServerRequestHandler } from '../../server-session';
import { errorText, replyFailure, replyJson } from '../shared/replies';
import { parseClientAttributes } from '../../client-attributes-json';

export function createUpdateClientMetadataHandler(): ServerRequestHandler {
  return async (payload: Buffer, context: RequestContext) => {
    const file = context.config.client.attributes_file_path;
    if (file === '') return replyFailure('attributes file path not set');
    let attributes;
    try {
      attributes = parseClientAttributes(payload.toString('utf8'));
    } catch (error) {
      return replyFailure(`payload unreadable: ${errorText(error)}`);
    }
    try {
      // Temp file + rename: a crash mid-write must not leave a half file that loses the tags.
      const temp = `${file}.${process.pid}.tmp`;
      const mode = await stat(file).then(
        (existing) => existing.mode & 0o7777,
        () => 0o600,
      );
      await writeFile(temp, JSON.stringify({ tags: attributes.tags, labels: attributes.labels }), { mode: 0o600 });
      await chmod(temp, mode);
      await rename(temp, file);
    } catch (error) {
      return replyFailure(`can't write attributes to file: ${errorText(error)}`);
    }
    context.setAttributes(attributes);
    context.log(
      'info',
      `client metadata updated by the server: ${attributes.tags.length} tags, ${Object.keys(attributes.labels).length} labels`,
    );
    return replyJson({ status: 'OK' });
  };
}
