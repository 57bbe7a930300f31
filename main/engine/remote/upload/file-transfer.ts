// Copies the server's file over its read-only SFTP subsystem into `<data_dir>/filepush/<basename>` and
// checks the MD5 the server sent, before anything touches the destination (§5.5, §11.6).
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { jitCompilers } from '../../jit-compilers';
import type { ServerSession } from '../../server-session';

/** The temp folder holds files in flight only; nobody else needs to read them. */
export const FILEPUSH_DIR_MODE = 0o700;

export const filepushDir = (dataDir: string): string => path.join(dataDir, 'filepush');

export interface TransferredFile {
  tempPath: string;
  size: number;
}

export async function transferToTemp(
  session: ServerSession,
  sourcePath: string,
  dataDir: string,
  expectedMd5: Buffer,
): Promise<TransferredFile> {
  const dir = filepushDir(dataDir);
  await mkdir(dir, { recursive: true, mode: FILEPUSH_DIR_MODE });
  // The server names its files by upload id; basename() also keeps a hostile name inside the folder.
  const tempPath = path.join(dir, path.posix.basename(sourcePath.replaceAll('\\', '/')) || 'upload');
  await rm(tempPath, { force: true });
  // A file's bytes pass through ssh2's SFTP client like a tunnel's (main/engine/jit-compilers.ts).
  jitCompilers.turnOn();
  const sftp = await session.sftp();
  const md5 = createHash('md5');
  try {
    const hasher = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        md5.update(chunk);
        done(null, chunk);
      },
    });
    await pipeline(sftp.createReadStream(sourcePath), hasher, createWriteStream(tempPath, { flags: 'wx' }));
  } catch (error) {
    await rm(tempPath, { force: true });
    throw error;
  } finally {
    sftp.end();
  }
  const actual = md5.digest();
  if (!actual.equals(expectedMd5)) {
    await rm(tempPath, { force: true });
    throw new Error(
      `md5 check failed: checksum from server ${expectedMd5.toString('hex')} doesn't equal the calculated checksum ${actual.toString('hex')}`,
    );
  }
  const info = await stat(tempPath);
  return { tempPath, size: info.size };
}
