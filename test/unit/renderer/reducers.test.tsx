import { describe, expect, it } from 'vitest';
import {
  LIMITS,
  applyEvent,
  applySnapshot,
  initialDataState,
  upsertTunnel,
} from '../../../renderer/src/store/reducers';
import type { TunnelInfo } from '../../../renderer/src/store/data-types';
import { appStatus, snapshot } from './fake-client';

const tunnel = (id: string, openedAt: number, closedAt: number | null = null): TunnelInfo => ({
  id,
  protocol: 'tcp',
  target: `127.0.0.1:${id}`,
  openedAt,
  closedAt,
  bytesIn: 0,
  bytesOut: 0,
  closeReason: null,
});

describe('window reducers', () => {
  it('takes a snapshot whole, even with a lower seq (the app restarted)', () => {
    const before = { ...initialDataState, loaded: true, seq: 50 };
    const state = applySnapshot(before, snapshot({ seq: 3 }));
    expect(state).toMatchObject({ loaded: true, seq: 3 });
    expect(state.status?.state).toBe('connected');
  });

  it('drops events already folded into the snapshot', () => {
    const state = applySnapshot(initialDataState, snapshot({ seq: 10 }));
    const stale = applyEvent(state, { seq: 10, event: { type: 'status', status: appStatus({ state: 'paused' }) } });
    expect(stale).toBe(state);
    const fresh = applyEvent(state, { seq: 11, event: { type: 'status', status: appStatus({ state: 'paused' }) } });
    expect(fresh.status?.state).toBe('paused');
    expect(fresh.seq).toBe(11);
  });

  it('keeps the log bounded, newest last', () => {
    let state = applySnapshot(initialDataState, snapshot());
    for (let i = 1; i <= LIMITS.logs + 5; i += 1) {
      state = applyEvent(state, {
        seq: i,
        event: { type: 'log', line: { at: i, level: 'info', source: 'engine', message: `line ${i}` } },
      });
    }
    expect(state.logs).toHaveLength(LIMITS.logs);
    expect(state.logs[state.logs.length - 1]?.message).toBe(`line ${LIMITS.logs + 5}`);
    expect(state.logs[0]?.message).toBe('line 6');
    // Five lines left the front: line i of the list is the (5 + i)th since the snapshot.
    expect(state.logsDropped).toBe(5);
    expect(applySnapshot(state, snapshot()).logsDropped).toBe(0);
  });

  it('updates a tunnel in place and lists open ones first, then the recently closed', () => {
    let list = upsertTunnel([], tunnel('a', 1));
    list = upsertTunnel(list, tunnel('b', 2));
    list = upsertTunnel(list, { ...tunnel('a', 1, 5), bytesIn: 10 });
    expect(list.map((t) => t.id)).toEqual(['b', 'a']);
    expect(list[1]?.bytesIn).toBe(10);
    for (let i = 0; i < LIMITS.closedTunnels + 10; i += 1) list = upsertTunnel(list, tunnel(`c${i}`, 10 + i, 100 + i));
    expect(list.filter((t) => t.closedAt !== null)).toHaveLength(LIMITS.closedTunnels);
    expect(list[0]?.id).toBe('b');
  });

  it('replaces an activity by id and notes config changes', () => {
    let state = applySnapshot(initialDataState, snapshot());
    const activity = {
      id: 'x',
      kind: 'command' as const,
      at: 1,
      summary: '/usr/bin/uptime',
      outcome: 'running' as const,
      detail: null,
    };
    state = applyEvent(state, { seq: 1, event: { type: 'activity', activity } });
    state = applyEvent(state, {
      seq: 2,
      event: { type: 'activity', activity: { ...activity, outcome: 'successful' } },
    });
    expect(state.activity).toEqual([{ ...activity, outcome: 'successful' }]);
    state = applyEvent(state, { seq: 3, event: { type: 'config-changed', revision: 'abc', at: 1 } });
    expect(state.configRevision).toBe('abc');
  });
});
