// `upload` (§5.5): refusals (disabled, blocked by the user, protected path), `ignored` when the file is
// already as asked, otherwise SFTP → temp file → MD5 check → chmod/chown → move into place. The reply
// carries the outcome, so it comes after the transfer; the work is all async and never blocks the loop.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, chown, copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { RemoteActivity } from '../../../shared/types/engine-types';
import type { RequestContext, ServerRequestHandler } from '../../server-session';
import { activityId } from '../shared/activity-id';
import { errorText, replyFailure, replyJson } from '../shared/replies';
import { transferToTemp } from './file-transfer';
import { findProtectedMatch, protectedPathText } from './protected-paths';
import { createSystemUsers, type SystemUsers } from './system-users';
import { parseUploadRequest, type UploadRequest } from './upload-request';

export const UPLOADS_DISABLED_TEXT = 'uploads are disabled on this client, check [file-reception] enabled option';
export const UPLOADS_BLOCKED_TEXT = 'file uploads are blocked by the user of this machine';
/** Go's files.DefaultMode for a destination folder it creates. */
export const DESTINATION_DIR_MODE = 0o764;

export interface UploadResponse {
  uuid: string;
  filepath: string;
  size: number;
  message: string;
  status: 'success' | 'ignored';
}

export interface UploadOptions {
  platform?: NodeJS.Platform;
  users?: SystemUsers;
}

async function md5Of(file: string): Promise<Buffer> {
  const hash = createHash('md5');
  await pipeline(createReadStream(file), hash);
  return hash.digest();
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** Go's fileShouldBeSynched: content, then mode, then owner/group differ from what was asked. */
async function needsSync(request: UploadRequest, users: SystemUsers, windows: boolean): Promise<boolean> {
  if (!request.sync) return false;
  if (!(await md5Of(request.destinationPath)).equals(request.md5)) return true;
  const info = await stat(request.destinationPath);
  if (!windows && request.destinationFileMode > 0 && (info.mode & 0o7777) !== request.destinationFileMode) return true;
  if (!windows && request.destinationFileOwner !== '' && info.uid !== (await users.uid(request.destinationFileOwner)))
    return true;
  if (!windows && request.destinationFileGroup !== '' && info.gid !== (await users.gid(request.destinationFileGroup)))
    return true;
  return false;
}

async function applyOwner(
  file: string,
  request: UploadRequest,
  users: SystemUsers,
  windows: boolean,
): Promise<string | null> {
  const { destinationFileOwner: owner, destinationFileGroup: group } = request;
  if (owner === '' && group === '') return null;
  // Windows files have ACLs, not a Unix owner and group; Go's chown is a no-op error there too.
  if (windows) return `chown of ${file} failed: file owner and group are not supported on Windows`;
  try {
    const me = await users.current();
    const sameUser = owner === '' || owner === me.user || owner === String(me.uid);
    const sameGroup = group === '' || group === me.group || group === String(me.gid);
    if (sameUser && sameGroup) return null;
    const uid = owner === '' ? -1 : await users.uid(owner);
    const gid = group === '' ? -1 : await users.gid(group);
    await chown(file, uid, gid);
    return null;
  } catch (error) {
    return `chown of ${file} failed: ${errorText(error)}`;
  }
}

async function moveIntoPlace(tempPath: string, destination: string): Promise<void> {
  await mkdir(path.dirname(destination), { recursive: true, mode: DESTINATION_DIR_MODE });
  await rm(destination, { force: true });
  try {
    await rename(tempPath, destination);
  } catch (error) {
    // data_dir and the destination may be on different file systems.
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await copyFile(tempPath, destination);
    const mode = (await stat(tempPath)).mode & 0o7777;
    await chmod(destination, mode);
    await rm(tempPath, { force: true });
  }
}

export function createUploadHandler(options: UploadOptions = {}): ServerRequestHandler {
  const platform = options.platform ?? process.platform;
  const windows = platform === 'win32';
  const users = options.users ?? createSystemUsers();
  return async (payload: Buffer, context: RequestContext) => {
    const reception = context.config['file-reception'];
    let request: UploadRequest | null = null;
    let parseError: string | null = null;
    try {
      request = parseUploadRequest(payload);
    } catch (error) {
      parseError = errorText(error);
    }
    const id = activityId(request?.id);
    const summary = request?.destinationPath ?? '(unreadable upload request)';
    const report = (outcome: RemoteActivity['outcome'], detail: string | null): void =>
      context.activity({ id, kind: 'upload', at: Date.now(), summary, outcome, detail });
    const refuse = (text: string) => {
      context.log('info', `refused upload to ${summary}: ${text}`);
      report('refused', text);
      return replyFailure(text);
    };

    if (!reception.enabled) return refuse(UPLOADS_DISABLED_TEXT);
    if (context.remoteCommandsBlocked()) return refuse(UPLOADS_BLOCKED_TEXT);
    if (request === null) return refuse(parseError ?? 'invalid upload request');
    const match = findProtectedMatch(request.destinationPath, reception.protected, windows);
    if (match) return refuse(protectedPathText(match));

    try {
      const present = await exists(request.destinationPath);
      if (present && !request.forceWrite && !(await needsSync(request, users, windows))) {
        const message = `file ${request.destinationPath} already exists, should not be synched or overwritten with force`;
        context.log('info', message);
        report('ignored', message);
        const response: UploadResponse = {
          uuid: request.id,
          filepath: request.destinationPath,
          size: 0,
          message,
          status: 'ignored',
        };
        return replyJson(response);
      }
      report('running', `receiving ${request.sourceFilePath}`);
      const { tempPath, size } = await transferToTemp(
        context.session,
        request.sourceFilePath,
        context.config.client.data_dir,
        request.md5,
      );
      const parts: string[] = [];
      if (request.destinationFileMode > 0) {
        try {
          await chmod(tempPath, request.destinationFileMode);
        } catch (error) {
          parts.push(`chmod failed: ${errorText(error)}`);
        }
      }
      const ownerProblem = await applyOwner(tempPath, request, users, windows);
      if (ownerProblem) parts.push(ownerProblem);
      try {
        await moveIntoPlace(tempPath, request.destinationPath);
      } catch (error) {
        await rm(tempPath, { force: true });
        throw error;
      }
      parts.push(`file successfully copied to destination ${request.destinationPath}`);
      const message = parts.join('.');
      context.log('info', `upload ${request.id}: ${message}`);
      report('successful', message);
      const response: UploadResponse = {
        uuid: request.id,
        filepath: request.destinationPath,
        size,
        message,
        status: 'success',
      };
      return replyJson(response);
    } catch (error) {
      const text = errorText(error);
      context.log('error', `Failed to handle "upload" request: ${text}`);
      report('failed', text);
      return replyFailure(text);
    }
  };
}
