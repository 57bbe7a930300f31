import { afterEach, describe, expect, it } from 'vitest';
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { rigPerTest, startRemoteRig, waitFor } from './remote-rig';

const rigs = rigPerTest(afterEach);

describe('update_client_metadata', () => {
  it('writes a new attributes file (0600), answers {"status":"OK"} and sends the new tags on the next connection', async () => {
    const rig = rigs.set(
      await startRemoteRig({
        configure(config, dataDir) {
          config.client.tags = ['from-config'];
          config.client.attributes_file_path = path.join(dataDir, 'attributes.json');
        },
      }),
    );
    expect(rig.client.connectionRequest?.Tags).toEqual(['from-config']);
    const attributes = { tags: ['office', 'berlin'], labels: { team: 'ops', floor: '3' } };
    const reply = await rig.client.request('update_client_metadata', attributes);
    expect(reply.ok).toBe(true);
    expect(JSON.parse(reply.payload.toString('utf8'))).toEqual({ status: 'OK' });
    const file = rig.config.client.attributes_file_path;
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(attributes);
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    const before = rig.client;
    before.close();
    const next = await waitFor(() => rig.server.clients.find((c) => c !== before), 15_000, 'the reconnect');
    expect(next.connectionRequest?.Tags).toEqual(['office', 'berlin']);
    expect(next.connectionRequest?.Labels).toEqual({ team: 'ops', floor: '3' });
  });

  it('keeps the mode of an existing attributes file, as Go’s os.WriteFile does', async () => {
    const rig = rigs.set(
      await startRemoteRig({
        configure(config, dataDir) {
          config.client.attributes_file_path = path.join(dataDir, 'shared-attributes.json');
        },
      }),
    );
    const file = rig.config.client.attributes_file_path;
    await writeFile(file, JSON.stringify({ tags: ['old'], labels: {} }));
    await chmod(file, 0o644);
    const reply = await rig.client.request('update_client_metadata', { tags: ['new'], labels: {} });
    expect(reply.ok).toBe(true);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ tags: ['new'], labels: {} });
    expect((await stat(file)).mode & 0o777).toBe(0o644);
  });

  it('fails with the Go text when no attributes file is configured', async () => {
    const rig = rigs.set(await startRemoteRig());
    const reply = await rig.client.request('update_client_metadata', { tags: ['x'], labels: {} });
    expect(reply.ok).toBe(false);
    expect(reply.payload.toString('utf8')).toBe('attributes file path not set');
  });
});
