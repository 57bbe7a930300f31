// A config update on a connected engine (the supervisor's `update-config`): the remote-command rules take
// effect on the next request and monitoring starts on the live connection, all on the same session
// (the test rportd sees one connection, no new `new_connection`).
import { afterEach, describe, expect, it } from 'vitest';
import { jobPayload, notifications, rigPerTest, startRemoteRig, waitFor } from '../remote/remote-rig';

const rigs = rigPerTest(afterEach);

describe('engine: config applied without reconnecting', () => {
  it('refuses commands from the next request on, and starts monitoring, on the same connection', async () => {
    const rig = rigs.set(
      await startRemoteRig({
        rportd: { capabilities: { MonitoringVersion: 1, IPAddressesVersion: 0 } },
        features: { monitoring: { intervalMs: 300, firstSampleMs: 10 } },
        configure(config) {
          config['remote-commands'].allow = ['^/bin/true$'];
        },
      }),
    );
    const ran = await rig.client.request('run_cmd', jobPayload({ command: '/bin/true' }));
    expect(ran.ok).toBe(true);

    const next = structuredClone(rig.config);
    next['remote-commands'].enabled = false;
    next.monitoring.enabled = true;
    rig.engine.updateConfig(next);

    const refused = await rig.client.request('run_cmd', jobPayload({ command: '/bin/true' }));
    expect(refused).toMatchObject({ ok: false });
    expect(refused.payload.toString('utf8')).toBe('remote commands execution is disabled');
    await waitFor(() => notifications(rig, 'save_measurement')[0], 10_000, 'a measurement after the update');
    expect(rig.logs).toContain(
      'info: config applied without reconnecting: remote-commands.enabled, monitoring.enabled',
    );
    expect(rig.server.clients).toHaveLength(1);
    expect(rig.client.isClosed).toBe(false);
    expect(rig.engine.status().state).toBe('connected');
  });
});
