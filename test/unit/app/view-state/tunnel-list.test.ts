// The tunnel list keeps its history across engine processes (each numbers its streams from t1 again)
// and gives the rate each way of an open stream.
import { describe, expect, it } from 'vitest';
import { TunnelList } from '../../../../main/app/view-state/tunnel-list';
import type { TunnelInfo } from '../../../../main/shared/types/engine-types';

const tunnel = (id: string, over: Partial<TunnelInfo> = {}): TunnelInfo => ({
  id,
  protocol: 'tcp',
  target: '127.0.0.1:22',
  openedAt: 1_000,
  closedAt: null,
  bytesIn: 0,
  bytesOut: 0,
  closeReason: null,
  ...over,
});

describe('tunnel list', () => {
  it('keeps the closed streams of earlier engine processes although the new one reuses their ids', () => {
    const list = new TunnelList();
    for (let run = 0; run < 4; run += 1) {
      list.apply(tunnel('t1', { openedAt: run * 100 }), run * 100);
      list.apply(tunnel('t1', { openedAt: run * 100, closedAt: run * 100 + 50, closeReason: 'done' }), run * 100 + 50);
      list.closeAll(run * 100 + 60, 'engine restarted'); // a restart between runs
    }
    const rows = list.list();
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((r) => r.id)).size).toBe(4);
    expect(rows.every((r) => r.id.endsWith('.t1'))).toBe(true);
  });

  it('gives the bytes per second each way since the last report, none before the second and none once closed', () => {
    const list = new TunnelList();
    expect(list.apply(tunnel('t1'), 1_000)).toMatchObject({ rateIn: null, rateOut: null, updatedAt: 1_000 });
    expect(list.apply(tunnel('t1', { bytesIn: 4_096, bytesOut: 1_024 }), 3_000)).toMatchObject({
      rateIn: 2_048,
      rateOut: 512,
    });
    // Reports closer than a second apart still measure over a second (no inflated rates).
    expect(list.apply(tunnel('t1', { bytesIn: 5_096, bytesOut: 1_024 }), 3_100)).toMatchObject({
      rateIn: 1_000,
      rateOut: 0,
    });
    const closed = list.apply(tunnel('t1', { bytesIn: 5_096, bytesOut: 1_024, closedAt: 4_000 }), 4_000);
    expect(closed).toMatchObject({ rateIn: null, rateOut: null });
  });
});
