import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomUUID } from 'node:crypto';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startRemoteRig, type RemoteRig } from './remote-rig';

const md5 = (data: string | Buffer): string => createHash('md5').update(data).digest('base64');

describe('upload over SFTP', () => {
  let rig: RemoteRig;
  let sftpRoot: string;
  let target: string;

  /** Puts a file where rportd keeps uploads and returns the request rportd would send. */
  async function uploadRequest(
    content: string,
    overrides: Record<string, unknown> = {},
  ): Promise<Record<string, unknown>> {
    const id = randomUUID();
    await writeFile(path.join(sftpRoot, id), content);
    return {
      ID: id,
      // The test server serves sftpRoot as its SFTP root.
      SourceFilePath: `/${id}`,
      DestinationPath: path.join(target, 'sub', 'file.txt'),
      DestinationFileMode: 0o640,
      DestinationFileOwner: '',
      DestinationFileGroup: '',
      ForceWrite: false,
      Sync: false,
      Md5Checksum: md5(content),
      ...overrides,
    };
  }

  beforeAll(async () => {
    sftpRoot = await mkdtemp(path.join(os.tmpdir(), 'rportd-uploads-'));
    target = await mkdtemp(path.join(os.tmpdir(), 'upload-target-'));
    rig = await startRemoteRig({ rportd: { sftpRoot } });
  });

  afterAll(async () => {
    expect(rig.server.violations).toEqual([]);
    await rig.close();
    await rm(sftpRoot, { recursive: true, force: true });
    await rm(target, { recursive: true, force: true });
  });

  it('copies the file, creates the folder, sets the mode and answers like the Go client', async () => {
    const request = await uploadRequest('hello upload\n');
    const reply = await rig.client.request('upload', request);
    expect(reply.payload.toString('utf8')).not.toMatch(/failed|rejected/);
    expect(reply.ok).toBe(true);
    const response = JSON.parse(reply.payload.toString('utf8')) as Record<string, unknown>;
    expect(Object.keys(response)).toEqual(['uuid', 'filepath', 'size', 'message', 'status']);
    expect(response).toEqual({
      uuid: request.ID,
      filepath: request.DestinationPath,
      size: 13,
      message: `file successfully copied to destination ${String(request.DestinationPath)}`,
      status: 'success',
    });
    const destination = request.DestinationPath as string;
    expect(await readFile(destination, 'utf8')).toBe('hello upload\n');
    expect((await stat(destination)).mode & 0o777).toBe(0o640);
    expect((await stat(path.dirname(destination))).mode & 0o777).toBe(0o764 & ~process.umask());
    // Nothing is left in the temp folder.
    expect(await readdir(path.join(rig.dataDir, 'filepush'))).toEqual([]);
    await rig.waitForActivity((a) => a.id === request.ID && a.kind === 'upload' && a.outcome === 'successful');
    expect(rig.activities.find((a) => a.id === request.ID)?.summary).toBe(destination);
  });

  it('ignores an existing file unless forced or a sync finds a difference (md5, mode, owner)', async () => {
    const destination = path.join(target, 'sync.txt');
    const first = await uploadRequest('v1', { DestinationPath: destination });
    expect((await rig.client.request('upload', first)).ok).toBe(true);

    const again = await rig.client.request('upload', await uploadRequest('v2', { DestinationPath: destination }));
    expect(JSON.parse(again.payload.toString('utf8'))).toMatchObject({
      status: 'ignored',
      size: 0,
      message: `file ${destination} already exists, should not be synched or overwritten with force`,
    });
    expect(await readFile(destination, 'utf8')).toBe('v1');

    const sameSync = await rig.client.request(
      'upload',
      await uploadRequest('v1', { DestinationPath: destination, Sync: true }),
    );
    expect(JSON.parse(sameSync.payload.toString('utf8'))).toMatchObject({ status: 'ignored' });

    await chmod(destination, 0o600);
    const modeSync = await rig.client.request(
      'upload',
      await uploadRequest('v1', { DestinationPath: destination, Sync: true }),
    );
    expect(JSON.parse(modeSync.payload.toString('utf8'))).toMatchObject({ status: 'success' });
    expect((await stat(destination)).mode & 0o777).toBe(0o640);

    const ownerSync = await rig.client.request(
      'upload',
      await uploadRequest('v1', { DestinationPath: destination, Sync: true, DestinationFileOwner: 'nobody' }),
    );
    expect(JSON.parse(ownerSync.payload.toString('utf8'))).toMatchObject({ status: 'success' });
    // Running as root here, so chown to another user is possible.
    if (process.getuid?.() === 0) expect((await stat(destination)).uid).toBe(65534);

    const changed = await rig.client.request(
      'upload',
      await uploadRequest('v3', { DestinationPath: destination, Sync: true }),
    );
    expect(JSON.parse(changed.payload.toString('utf8'))).toMatchObject({ status: 'success', size: 2 });
    expect(await readFile(destination, 'utf8')).toBe('v3');

    const forced = await rig.client.request(
      'upload',
      await uploadRequest('v4!', { DestinationPath: destination, ForceWrite: true }),
    );
    expect(JSON.parse(forced.payload.toString('utf8'))).toMatchObject({ status: 'success', size: 3 });
    expect(await readFile(destination, 'utf8')).toBe('v4!');
    await rig.waitForActivity((a) => a.kind === 'upload' && a.outcome === 'ignored' && a.summary === destination);
  });

  it('refuses a protected destination with the Go text', async () => {
    const request = await uploadRequest('x', { DestinationPath: '/usr/bin/evil' });
    const reply = await rig.client.request('upload', request);
    expect(reply.ok).toBe(false);
    expect(reply.payload.toString('utf8')).toBe(
      'target path /usr/bin matches protected pattern /usr/bin, therefore the file push request is rejected',
    );
    await rig.waitForActivity((a) => a.id === request.ID && a.outcome === 'refused');
  });

  it('refuses a file whose MD5 does not match and leaves nothing behind', async () => {
    const destination = path.join(target, 'corrupt.txt');
    const request = await uploadRequest('real content', {
      DestinationPath: destination,
      Md5Checksum: md5('other content'),
    });
    const reply = await rig.client.request('upload', request);
    expect(reply.ok).toBe(false);
    expect(reply.payload.toString('utf8')).toMatch(
      /^md5 check failed: checksum from server [0-9a-f]{32} doesn't equal the calculated checksum [0-9a-f]{32}$/,
    );
    await expect(stat(destination)).rejects.toThrow();
    expect(await readdir(path.join(rig.dataDir, 'filepush'))).toEqual([]);
    await rig.waitForActivity((a) => a.id === request.ID && a.outcome === 'failed');
  });

  it('refuses uploads while the user blocks remote commands', async () => {
    rig.engine.setRemoteCommandsBlocked(true);
    try {
      const reply = await rig.client.request(
        'upload',
        await uploadRequest('x', { DestinationPath: path.join(target, 'blocked.txt') }),
      );
      expect(reply.payload.toString('utf8')).toBe('file uploads are blocked by the user of this machine');
    } finally {
      rig.engine.setRemoteCommandsBlocked(false);
    }
  });
});

it('upload: refuses everything when [file-reception] is disabled', async () => {
  const rig = await startRemoteRig({
    configure(config) {
      config['file-reception'].enabled = false;
    },
  });
  try {
    const reply = await rig.client.request('upload', {
      ID: 'x',
      SourceFilePath: '/x',
      DestinationPath: '/tmp/x',
      Md5Checksum: '',
    });
    expect(reply.ok).toBe(false);
    expect(reply.payload.toString('utf8')).toBe(
      'uploads are disabled on this client, check [file-reception] enabled option',
    );
  } finally {
    await rig.close();
  }
});
