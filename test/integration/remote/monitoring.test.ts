import { afterEach, describe, expect, it, vi } from 'vitest';
import { readFile } from 'node:fs/promises';
import { notifications, rigPerTest, startRemoteRig, type RemoteRig, waitFor } from './remote-rig';
import { youngGeneration } from '../../../main/engine/young-generation';

const rigs = rigPerTest(afterEach);

/** The file system type of `/` here (overlay in a container), so the test sees at least one mount. */
async function rootFsType(): Promise<string> {
  const line = (await readFile('/proc/self/mounts', 'utf8')).split('\n').find((l) => l.split(' ')[1] === '/');
  return line?.split(' ')[2] ?? 'ext4';
}

const measurements = (r: RemoteRig) => notifications(r, 'save_measurement');

/** A rig measuring every 200 ms; `[monitoring]` on unless `enabled` is false. */
function fastMonitoringRig(monitoringVersion: number, enabled = true): Promise<RemoteRig> {
  return startRemoteRig({
    rportd: { capabilities: { MonitoringVersion: monitoringVersion } },
    features: { monitoring: { intervalMs: 200, firstSampleMs: 10 } },
    configure(config) {
      config.monitoring.enabled = enabled;
    },
  });
}

describe('save_measurement', () => {
  it('starts after put_capabilities with MonitoringVersion>0, first at once, then every interval', async () => {
    const rootType = await rootFsType();
    const rig = rigs.set(
      await startRemoteRig({
        rportd: { capabilities: { MonitoringVersion: 1, IPAddressesVersion: 0 } },
        features: { monitoring: { intervalMs: 400, firstSampleMs: 100 } },
        configure(config) {
          config.monitoring.enabled = true;
          config.monitoring.fs_type_include = [...config.monitoring.fs_type_include, rootType];
          config.monitoring.net_lan = ['lo', 1000];
        },
      }),
    );
    const first = await waitFor(() => measurements(rig)[0], 10_000, 'the first save_measurement');
    expect(Object.keys(first)).toEqual([
      'client_id',
      'timestamp',
      'cpu_usage_percent',
      'memory_usage_percent',
      'io_usage_percent',
      'processes',
      'mountpoints',
      'net_lan',
      'net_wan',
    ]);
    expect(first.client_id).toBe('');
    expect(first.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    for (const key of ['cpu_usage_percent', 'memory_usage_percent', 'io_usage_percent'] as const) {
      expect(typeof first[key]).toBe('number');
      expect(first[key]).toBeGreaterThanOrEqual(0);
      expect(first[key]).toBeLessThanOrEqual(100);
    }
    expect(first.memory_usage_percent).toBeGreaterThan(0);
    expect(typeof first.processes).toBe('string');
    const processes = JSON.parse(first.processes as string) as {
      pid: number;
      parent_pid: number;
      name: string;
      state: string;
    }[];
    const me = processes.find((p) => p.pid === process.pid);
    expect(me).toMatchObject({ pid: process.pid, parent_pid: process.ppid });
    expect(me?.state).toMatch(/^(running|sleeping)$/);
    expect(processes.map((p) => p.pid)).toEqual([...processes.map((p) => p.pid)].sort((a, b) => b - a));
    const mountpoints = JSON.parse(first.mountpoints as string) as Record<string, number>;
    expect(mountpoints['total_b./']).toBeGreaterThan(0);
    expect(mountpoints['free_b./']).toBeGreaterThanOrEqual(0);
    expect(first.net_lan).toEqual({ in: 0, out: 0 });
    expect(first.net_wan).toBeNull();

    await waitFor(() => measurements(rig).length >= 3, 10_000, 'more measurements');
  });

  it('tells the engine after each measurement that it made garbage (an idle worker scavenges it at once)', async () => {
    const garbageMade = vi.spyOn(youngGeneration, 'garbageMade');
    try {
      const rig = rigs.set(await fastMonitoringRig(1));
      await waitFor(() => measurements(rig).length >= 2, 10_000, 'two measurements');
      expect(garbageMade.mock.calls.length).toBeGreaterThanOrEqual(2);
    } finally {
      garbageMade.mockRestore();
    }
  });

  it('does not start without the server capability or when [monitoring] is off', async () => {
    let rig = rigs.set(await fastMonitoringRig(0));
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(measurements(rig)).toEqual([]);
    await rig.close();

    rig = rigs.set(await fastMonitoringRig(1, false));
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(measurements(rig)).toEqual([]);
  });
});
