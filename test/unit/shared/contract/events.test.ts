// The events: one valid sample of every event type passes, and a bad one names what is wrong. The sample
// table must cover the whole union, so a new event type cannot go untested.
import { describe, expect, it } from 'vitest';
import {
  contractEventSchema,
  parseEventMessage,
  type AppStatus,
  type ContractEvent,
  type ContractEventType,
  type Settings,
} from '../../../../main/shared/contract';

const status: AppStatus = {
  state: 'connected',
  message: '',
  engine: null,
  supervisor: { phase: 'running', failedReason: null, nextRestartAt: null, restartCount: 0 },
  lastUpdateAt: null,
  setupNeeded: false,
  configPath: '/x/rport.conf',
  configIssue: null,
};
const tunnel = {
  id: 't1',
  protocol: 'tcp' as const,
  target: '127.0.0.1:22',
  openedAt: 1,
  closedAt: null,
  bytesIn: 0,
  bytesOut: 0,
  closeReason: null,
};
const off = { available: false, reason: 'headless' };
const settings: Settings = {
  preferences: {
    autoStart: false,
    startHidden: false,
    notifications: { connection: true, remoteActivity: true, configProblems: true },
    iconStyle: 'color',
    theme: 'system',
    useSystemProxy: true,
  },
  capabilities: {
    autoStart: off,
    startHidden: off,
    notifications: off,
    trayIcon: off,
    keychain: off,
    fileDialogs: off,
    systemProxy: off,
  },
  passwordStorage: 'file',
};

const SAMPLES: { [T in ContractEventType]: Extract<ContractEvent, { type: T }> } = {
  status: { type: 'status', status },
  tunnel: { type: 'tunnel', tunnel },
  tunnels: { type: 'tunnels', tunnels: [tunnel] },
  log: { type: 'log', line: { at: 1, level: 'info', source: 'engine', message: 'connected' } },
  activity: {
    type: 'activity',
    activity: { id: 'a1', kind: 'command', at: 1, summary: 'uptime', outcome: 'successful', detail: null },
  },
  timeline: { type: 'timeline', entry: { id: 0, at: 1, kind: 'state', state: 'connected', text: 'connected' } },
  latency: { type: 'latency', sample: { at: 1, ms: 12, serverIndex: 0 } },
  'config-changed': { type: 'config-changed', revision: 'r2', at: 1 },
  settings: { type: 'settings', settings },
};

describe('contract events', () => {
  it('has a sample for every event type of the union', () => {
    const types = contractEventSchema.def.options.flatMap((option) => option.shape.type.def.values);
    expect(Object.keys(SAMPLES).sort()).toEqual([...types].sort());
  });

  it.each(Object.values(SAMPLES))('accepts a $type event as it is', (event) => {
    expect(parseEventMessage({ seq: 1, event })).toEqual({ ok: true, value: { seq: 1, event } });
  });

  it('rejects a status event with a bad state word, naming the field', () => {
    const bad = parseEventMessage({ seq: 1, event: { type: 'status', status: { ...status, state: 'online' } } });
    expect(bad).toMatchObject({ ok: false, error: { message: expect.stringContaining('event.status.state') } });
  });

  it('rejects a sequence number below 1, an unknown type and a missing body', () => {
    expect(parseEventMessage({ seq: 0, event: SAMPLES.tunnels })).toMatchObject({ ok: false });
    expect(parseEventMessage({ seq: 1.5, event: SAMPLES.tunnels })).toMatchObject({ ok: false });
    expect(parseEventMessage({ seq: 2, event: { type: 'reboot' } })).toMatchObject({ ok: false });
    expect(parseEventMessage({ seq: 2, event: { type: 'tunnel' } })).toMatchObject({ ok: false });
    expect(parseEventMessage({ seq: 2 })).toMatchObject({ ok: false });
  });
});
