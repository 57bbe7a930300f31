// Results of commands still running when the connection drops (docs/protocol.md §5.4, §6.6.1): kept in
// data_dir while disconnected and delivered to the server that started the job once connected again —
// after a server restart, across a restart of the engine, and after a network blip the client had not
// noticed when it sent the result. The log and the Activity list say what was delivered late.
import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, type RportEngine } from '../../../main/engine/engine';
import { createRemoteFeatures } from '../../../main/engine/remote';
import { DELIVERED_LATE_NOTE, KEPT_NOTE } from '../../../main/engine/remote/commands/result-delivery';
import type { RemoteActivity } from '../../../main/shared/types/engine-types';
import { freePort, startTcpProxy, type TcpProxy } from '../../support/net';
import { jobPayload, startRemoteRig, waitFor, waitForCmdResult, type RemoteRig } from './remote-rig';

const ms = (n: number): number => n * 1e6;

const keptFiles = async (rig: RemoteRig): Promise<string[]> =>
  readdir(path.join(rig.dataDir, 'pending-results')).catch(() => []);

describe('run_cmd results across reconnects', () => {
  let rig: RemoteRig | null = null;
  let second: RportEngine | null = null;
  let proxy: TcpProxy | null = null;

  afterEach(async () => {
    await second?.stop();
    second = null;
    const violations = rig ? [...rig.server.violations] : [];
    await rig?.close();
    rig = null;
    await proxy?.close();
    proxy = null;
    expect(violations).toEqual([]);
  });

  const scriptsRig = (extra: Parameters<typeof startRemoteRig>[0] = {}): Promise<RemoteRig> =>
    startRemoteRig({
      ...extra,
      configure(config, dataDir) {
        config['remote-scripts'].enabled = true;
        extra.configure?.(config, dataDir);
      },
    });

  it('keeps the result of a command that ends while the server is down, and delivers it after the reconnect', async () => {
    rig = await scriptsRig();
    const job = jobPayload({ command: 'sleep 0.8; echo done-late', is_script: true });
    expect((await rig.client.request('run_cmd', job)).ok).toBe(true);
    await rig.server.stop();
    const kept = await rig.waitForActivity((a) => a.id === job.jid && a.detail === KEPT_NOTE, 10_000);
    expect(kept.outcome).toBe('successful');
    // The result is reported kept when it is; its file is written right after (ResultDelivery.keep).
    await waitFor(async () => (await keptFiles(rig as RemoteRig)).length === 1, 5000, 'the kept file');
    expect(await keptFiles(rig)).toHaveLength(1);
    expect(rig.logs.some((l) => l.startsWith(`info: command result [jid="${String(job.jid)}"] kept in `))).toBe(true);

    await rig.server.restart();
    const again = await rig.server.waitForClient((c) => c !== rig?.client, 15_000);
    const done = await waitForCmdResult(again, job.jid as string);
    expect(done).toMatchObject({ jid: job.jid, status: 'successful', result: { stdout: 'done-late\n' } });
    const late = await rig.waitForActivity((a) => a.id === job.jid && a.detail === DELIVERED_LATE_NOTE);
    expect(late).toMatchObject({ kind: 'script', outcome: 'successful' });
    expect(
      rig.logs.some((l) => l.startsWith(`info: delivered the kept result of script [jid="${String(job.jid)}"]`)),
    ).toBe(true);
    await waitFor(async () => (await keptFiles(rig as RemoteRig)).length === 0, 5000, 'the kept file to go');
    // Sent once, on the new connection only.
    expect(again.receivedRequests.filter((r) => r.name === 'cmd_result')).toHaveLength(1);
  });

  it('delivers a kept result after the engine itself was restarted (a new worker, same data_dir)', async () => {
    rig = await scriptsRig();
    const job = jobPayload({ command: 'sleep 0.5; echo survived', is_script: true });
    expect((await rig.client.request('run_cmd', job)).ok).toBe(true);
    await rig.server.stop();
    await rig.waitForActivity((a) => a.id === job.jid && a.detail === KEPT_NOTE, 10_000);
    await rig.engine.stop();

    const activities: RemoteActivity[] = [];
    second = createEngine({ features: createRemoteFeatures(), timings: { backoffMinMs: 200 } });
    second.on((e) => {
      if (e.type === 'remote-activity') activities.push(e.activity);
    });
    second.start({ config: rig.config, configPath: '/test/rport.conf', sessionId: randomUUID() });
    await rig.server.restart();
    const again = await rig.server.waitForClient(undefined, 15_000);
    const done = await waitForCmdResult(again, job.jid as string);
    expect(done).toMatchObject({ status: 'successful', result: { stdout: 'survived\n' } });
    await waitFor(
      () => activities.find((a) => a.id === job.jid && a.detail === DELIVERED_LATE_NOTE),
      5000,
      'the late delivery in Activity',
    );
  });

  it('sends again a result whose connection died before the server confirmed it (unnoticed blip)', async () => {
    const port = await freePort();
    proxy = await startTcpProxy({ targetPort: port });
    const via = proxy.port;
    rig = await scriptsRig({
      rportd: { port },
      configure(config) {
        config.client.server = `127.0.0.1:${via}`;
        config.connection.keep_alive = ms(300);
        config.connection.keep_alive_timeout = ms(500);
      },
    });
    const job = jobPayload({ command: 'sleep 0.4; echo through-the-blip', is_script: true });
    expect((await rig.client.request('run_cmd', job)).ok).toBe(true);
    // The path goes dead (nothing arrives, nothing closes) before the command ends: the result is sent
    // into it, the keep-alive gives the connection up, and the client dials again.
    proxy.holdCurrent();
    const again = await rig.server.waitForClient((c) => c !== rig?.client, 20_000);
    const done = await waitForCmdResult(again, job.jid as string);
    expect(done).toMatchObject({ status: 'successful', result: { stdout: 'through-the-blip\n' } });
    expect(rig.client.receivedRequests.some((r) => r.name === 'cmd_result')).toBe(false);
    await rig.waitForActivity((a) => a.id === job.jid && a.detail === DELIVERED_LATE_NOTE);
    proxy.dropAll();
  });
});
