// Tunnel byte-count events: at most one `tunnel-updated` per tunnel per interval while bytes flow, none
// (and no timer at all) while tunnels sit idle, and the final counts in `tunnel-closed`.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '../../../main/shared/types/engine-types';
import { TunnelRegistry } from '../../../main/engine/tunnel-registry';

const INTERVAL = 1_000;

describe('TunnelRegistry', () => {
  let events: EngineEvent[];
  let registry: TunnelRegistry;

  beforeEach(() => {
    vi.useFakeTimers();
    events = [];
    registry = new TunnelRegistry((e) => events.push(e), INTERVAL);
  });

  afterEach(() => {
    registry.dispose();
    vi.useRealTimers();
  });

  const updates = (): EngineEvent[] => events.filter((e) => e.type === 'tunnel-updated');

  it('keeps no timer for open tunnels that move no bytes', () => {
    registry.create('tcp', '127.0.0.1:22');
    registry.create('udp', '127.0.0.1:53');
    expect(events.map((e) => e.type)).toEqual(['tunnel-opened', 'tunnel-opened']);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(10 * INTERVAL);
    expect(updates()).toEqual([]);
  });

  it('coalesces any number of chunks into one update per interval, then stops when the flow stops', () => {
    const handle = registry.create('tcp', '127.0.0.1:22');
    for (let i = 0; i < 10_000; i++) {
      handle.countIn(1500);
      handle.countOut(100);
    }
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(INTERVAL);
    expect(updates()).toHaveLength(1);
    expect(updates()[0]).toMatchObject({ tunnel: { id: handle.id, bytesIn: 15_000_000, bytesOut: 1_000_000 } });

    handle.countIn(10);
    vi.advanceTimersByTime(INTERVAL / 2);
    expect(updates()).toHaveLength(1);
    vi.advanceTimersByTime(INTERVAL / 2);
    expect(updates()).toHaveLength(2);
    expect(updates()[1]).toMatchObject({ tunnel: { bytesIn: 15_000_010 } });

    // Idle again: the timer is gone and nothing more is reported.
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(10 * INTERVAL);
    expect(updates()).toHaveLength(2);
  });

  it('reports only the tunnels that moved bytes, one event each', () => {
    const busy = registry.create('tcp', 'a:1');
    registry.create('tcp', 'b:2');
    const other = registry.create('udp', 'c:3');
    busy.countIn(5);
    busy.countIn(5);
    other.countOut(7);
    vi.advanceTimersByTime(INTERVAL);
    expect(updates().map((e) => (e.type === 'tunnel-updated' ? e.tunnel.target : ''))).toEqual(['a:1', 'c:3']);
  });

  it('drops a pending update for a tunnel that closed (the closed event has the final counts)', () => {
    const handle = registry.create('tcp', '127.0.0.1:22');
    handle.countIn(42);
    handle.close('closed by the target');
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(INTERVAL);
    expect(updates()).toEqual([]);
    expect(events.at(-1)).toMatchObject({
      type: 'tunnel-closed',
      tunnel: { bytesIn: 42, bytesOut: 0, closeReason: 'closed by the target' },
    });
    expect(registry.list()).toEqual([]);
    // Late bytes of a closed tunnel arm nothing.
    handle.countOut(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});
