// The `upload` payload (§5.5, Go `models.UploadedFile`, no json tags): Go decodes field names
// case-insensitively and `Md5Checksum` is a []byte, i.e. base64 in JSON.
import * as z from '../../payload-schema';

export interface UploadRequest {
  id: string;
  sourceFilePath: string;
  destinationPath: string;
  /** Permission bits (Go os.FileMode as uint32); 0 = leave as created. */
  destinationFileMode: number;
  destinationFileOwner: string;
  destinationFileGroup: string;
  forceWrite: boolean;
  sync: boolean;
  md5: Buffer;
}

const text = z.goField(z.string(), '');
const flag = z.goField(z.boolean(), false);
const schema = z.object({
  id: text,
  sourcefilepath: text,
  destinationpath: text,
  destinationfilemode: z.goField(z.int().check(z.nonnegative()), 0),
  destinationfileowner: text,
  destinationfilegroup: text,
  forcewrite: flag,
  sync: flag,
  md5checksum: z.goField(z.nullable(z.string()), null),
});

export function parseUploadRequest(payload: Buffer): UploadRequest {
  const raw: unknown = JSON.parse(payload.toString('utf8'));
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new Error('invalid upload request: not an object');
  const lowered = Object.fromEntries(Object.entries(raw).map(([key, value]) => [key.toLowerCase(), value]));
  const parsed = schema.safeParse(lowered);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid upload request: field ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  const value = parsed.data;
  if (value.sourcefilepath === '') throw new Error('empty source file name');
  if (value.destinationpath === '') throw new Error('empty destination file path');
  return {
    id: value.id,
    sourceFilePath: value.sourcefilepath,
    destinationPath: value.destinationpath,
    destinationFileMode: value.destinationfilemode & 0o7777,
    destinationFileOwner: value.destinationfileowner,
    destinationFileGroup: value.destinationfilegroup,
    forceWrite: value.forcewrite,
    sync: value.sync,
    md5: Buffer.from(value.md5checksum ?? '', 'base64'),
  };
}
