import { afterEach, describe, expect, it } from 'vitest';
import type { PackageManager, PendingUpdates } from '../../../main/engine/remote/updates/updates-status';
import { notifications, rigPerTest, startRemoteRig, type RemoteRig, waitFor } from './remote-rig';
import { hours } from '../../../main/config/defaults';

const rigs = rigPerTest(afterEach);

/** Stands in for apt/dnf/softwareupdate (their parsers are unit-tested on recorded outputs). */
function fakePackageManager(results: PendingUpdates[], delayMs = 0): PackageManager & { calls: number } {
  const manager = {
    name: 'fake',
    calls: 0,
    isAvailable: async () => true,
    pendingUpdates: async () => {
      const result = results[Math.min(manager.calls, results.length - 1)] as PendingUpdates;
      manager.calls++;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return result;
    },
  };
  return manager;
}

const pending = (count: number): PendingUpdates => ({
  updates_available: count,
  security_updates_available: 1,
  update_summaries: Array.from({ length: count }, (_, i) => ({
    title: `pkg${i}`,
    description: `pkg${i} 1.${i}`,
    reboot_required: false,
    is_security_update: i === 0,
  })),
  reboot_pending: true,
});

const statuses = (r: RemoteRig) => notifications(r, 'updates_status');

describe('updates_status', () => {
  it('is sent after connecting and again after refresh_updates_status, which replies null at once', async () => {
    const manager = fakePackageManager([pending(2), pending(3)]);
    const rig = rigs.set(
      await startRemoteRig({
        features: { updates: { packageManagers: [manager] } },
        configure(config) {
          config.client.updates_interval = hours(4);
        },
      }),
    );
    const first = await waitFor(() => statuses(rig)[0], 10_000, 'the first updates_status');
    expect(Object.keys(first)).toEqual([
      'refreshed',
      'updates_available',
      'security_updates_available',
      'update_summaries',
      'reboot_pending',
    ]);
    expect(first).toMatchObject({ updates_available: 2, security_updates_available: 1, reboot_pending: true });
    expect(first.refreshed).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);

    const reply = await rig.client.request('refresh_updates_status', null);
    expect(reply).toMatchObject({ ok: true });
    expect(reply.payload.toString('utf8')).toBe('null');
    const second = await waitFor(() => statuses(rig)[1], 10_000, 'the refreshed updates_status');
    expect(second).toMatchObject({ updates_available: 3 });
    expect(manager.calls).toBe(2);
  });

  it('refreshes every updates_interval while connected', async () => {
    const manager = fakePackageManager([pending(1), pending(2), pending(3)]);
    const rig = rigs.set(
      await startRemoteRig({
        features: { updates: { packageManagers: [manager], intervalMs: 300 } },
        configure(config) {
          config.client.updates_interval = hours(4);
        },
      }),
    );
    await waitFor(() => statuses(rig).length >= 3, 10_000, 'three periodic updates_status');
    expect(
      statuses(rig)
        .slice(0, 3)
        .map((s) => s.updates_available),
    ).toEqual([1, 2, 3]);
  });

  it('sends a clear error when no package manager is usable, without delaying other replies', async () => {
    const slowBroken: PackageManager = {
      name: 'broken',
      isAvailable: async () => true,
      pendingUpdates: async () => {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        throw new Error('softwareupdate -l failed: spawn softwareupdate ENOENT');
      },
    };
    const rig = rigs.set(
      await startRemoteRig({
        features: { updates: { packageManagers: [slowBroken] } },
        configure(config) {
          config.client.updates_interval = hours(4);
        },
      }),
    );
    // The check is still running: ping and refresh are answered anyway.
    expect((await rig.client.ping(1000)).ok).toBe(true);
    expect((await rig.client.request('refresh_updates_status', null, { timeoutMs: 1000 })).payload.toString()).toBe(
      'null',
    );
    const status = await waitFor(() => statuses(rig)[0], 10_000, 'updates_status');
    expect(status).toMatchObject({
      updates_available: 0,
      update_summaries: null,
      error: 'softwareupdate -l failed: spawn softwareupdate ENOENT',
    });
  });

  it('lists only as many updates as fit one SSH packet, with the counts exact', async () => {
    // A machine left alone for years: more pending updates than rportd's 256 KiB packet limit can hold.
    const many = pending(4000);
    const manager = fakePackageManager([many]);
    const rig = rigs.set(
      await startRemoteRig({
        features: { updates: { packageManagers: [manager] } },
        configure(config) {
          config.client.updates_interval = hours(4);
        },
      }),
    );
    const status = await waitFor(() => statuses(rig)[0], 10_000, 'updates_status');
    const request = rig.client.receivedRequests.find((r) => r.name === 'updates_status');
    expect(request?.payload.length).toBeLessThan(256 * 1024);
    const listed = status.update_summaries as unknown[];
    expect(listed.length).toBeGreaterThan(100);
    expect(listed.length).toBeLessThan(4000);
    expect(status).toMatchObject({ updates_available: 4000, security_updates_available: 1 });
    expect(rig.client.isClosed).toBe(false);
  });

  it('sends nothing when updates_interval is 0, as the Go client', async () => {
    const manager = fakePackageManager([pending(1)]);
    const rig = rigs.set(await startRemoteRig({ features: { updates: { packageManagers: [manager] } } }));
    expect((await rig.client.request('refresh_updates_status', null)).payload.toString()).toBe('null');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(statuses(rig)).toEqual([]);
    expect(manager.calls).toBe(0);
  });
});
