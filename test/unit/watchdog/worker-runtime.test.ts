// The worker's command loop with a fake channel and engine: commands reach the engine, events go back,
// stop ends the process cleanly, and test faults are honoured only when the environment enables them.
import { describe, expect, it, vi } from 'vitest';
import type { EngineCommand, EngineEvent, WorkerMessage } from '../../../main/shared/types/engine-types';
import { runWorker, type StallableEngine } from '../../../main/watchdog/worker-runtime';
import type { WorkerChannel } from '../../../main/watchdog/worker-channel';
import { engineStatus } from './fake-worker-host';

function harness(env: NodeJS.ProcessEnv = {}, options: { stallable?: boolean; startThrows?: boolean } = {}) {
  const sent: WorkerMessage[] = [];
  let deliver: (m: unknown) => void = () => undefined;
  let parentGone: () => void = () => undefined;
  const channel: WorkerChannel = {
    send: (m) => sent.push(m),
    onMessage: (l) => (deliver = l),
    onParentGone: (l) => (parentGone = l),
  };
  let emit: (e: EngineEvent) => void = () => undefined;
  const engine = {
    start: vi.fn(() => {
      if (options.startThrows) throw new Error('bad config');
    }),
    stop: vi.fn(async () => undefined),
    pause: vi.fn(),
    resume: vi.fn(),
    switchServer: vi.fn(),
    setRemoteCommandsBlocked: vi.fn(),
    updateConfig: vi.fn(),
    status: vi.fn(() => engineStatus({})),
    on: vi.fn((l: (e: EngineEvent) => void) => {
      emit = l;
      return () => undefined;
    }),
    ...(options.stallable ? { injectFault: vi.fn() } : {}),
  } satisfies StallableEngine;
  const exit = vi.fn();
  runWorker({ channel, createEngine: () => engine, pid: 99, version: '9.9.9', env, exit });
  const command = (c: EngineCommand) => deliver(c);
  const progress = () => emit({ type: 'progress', kind: 'ping', status: engineStatus({ state: 'connected' }), at: 1 });
  return { sent, command, engine, exit, progress, parentGone: () => parentGone() };
}

const startCommand: EngineCommand = {
  type: 'start',
  options: { config: {} as never, configPath: '/x.conf', sessionId: 's-1' },
};

describe('worker runtime', () => {
  it('says ready, starts the engine on start, and relays its events', () => {
    const h = harness();
    expect(h.sent[0]).toEqual({ type: 'ready', pid: 99, version: '9.9.9', heartbeatMs: 500 });
    h.command(startCommand);
    expect(h.engine.start).toHaveBeenCalledWith(startCommand.options);
    h.progress();
    expect(h.sent.at(-1)).toMatchObject({ type: 'event', event: { type: 'progress', kind: 'ping' } });
  });

  it('beats from the event loop every heartbeatMs, also while the engine is stalled', () => {
    vi.useFakeTimers();
    try {
      const h = harness({ RPORT_TRAY_TEST_FAULTS: '1' }, { stallable: true });
      h.command(startCommand);
      const beats = () => h.sent.filter((m) => m.type === 'alive').length;
      vi.advanceTimersByTime(1_600);
      expect(beats()).toBe(3);
      h.command({ type: 'test-fault', fault: 'stall' });
      vi.advanceTimersByTime(1_000);
      expect(beats()).toBe(5);
    } finally {
      vi.useRealTimers();
    }
  });

  it('passes pause, resume, switch-server and remote-command blocking to the engine', () => {
    const h = harness();
    h.command(startCommand);
    h.command({ type: 'pause' });
    h.command({ type: 'resume' });
    h.command({ type: 'switch-server', index: 2 });
    h.command({ type: 'block-remote-commands', blocked: true });
    expect(h.engine.pause).toHaveBeenCalledOnce();
    expect(h.engine.resume).toHaveBeenCalledOnce();
    expect(h.engine.switchServer).toHaveBeenCalledWith(2);
    expect(h.engine.setRemoteCommandsBlocked).toHaveBeenCalledWith(true);
  });

  it('passes a config update to the running engine, and ignores one before start', () => {
    const h = harness();
    const config = { logging: { log_level: 'debug' } } as never;
    h.command({ type: 'update-config', config });
    expect(h.engine.updateConfig).not.toHaveBeenCalled();
    h.command(startCommand);
    h.command({ type: 'update-config', config });
    expect(h.engine.updateConfig).toHaveBeenCalledWith(config);
  });

  it('stop stops the engine and then exits 0; so does losing the parent', async () => {
    const h = harness();
    h.command(startCommand);
    h.command({ type: 'stop' });
    await vi.waitFor(() => expect(h.exit).toHaveBeenCalledWith(0));
    expect(h.engine.stop).toHaveBeenCalledOnce();
    const orphan = harness();
    orphan.command(startCommand);
    orphan.parentGone();
    await vi.waitFor(() => expect(orphan.exit).toHaveBeenCalledWith(0));
  });

  it('reports an engine that cannot start as fatal and exits 1', () => {
    const h = harness({}, { startThrows: true });
    h.command(startCommand);
    expect(h.sent.at(-1)).toEqual({ type: 'fatal', message: 'bad config' });
    expect(h.exit).toHaveBeenCalledWith(1);
  });

  it('ignores test faults unless RPORT_TRAY_TEST_FAULTS=1', () => {
    const h = harness({});
    h.command(startCommand);
    h.command({ type: 'test-fault', fault: 'crash' });
    expect(h.exit).not.toHaveBeenCalled();
    expect(h.sent.at(-1)).toMatchObject({ type: 'event', event: { type: 'log', line: { level: 'warn' } } });
  });

  it('crash exits 70', () => {
    const h = harness({ RPORT_TRAY_TEST_FAULTS: '1' });
    h.command(startCommand);
    h.command({ type: 'test-fault', fault: 'crash' });
    expect(h.exit).toHaveBeenCalledWith(70);
  });

  it('stall uses the engine fault switch when it has one, and no event gets out afterwards', () => {
    const h = harness({ RPORT_TRAY_TEST_FAULTS: '1' }, { stallable: true });
    h.command(startCommand);
    h.command({ type: 'test-fault', fault: 'stall' });
    expect(h.engine.injectFault).toHaveBeenCalledWith('stall');
    const before = h.sent.length;
    h.progress();
    expect(h.sent.length).toBe(before);
  });

  it('stall without an engine switch pauses the engine (no dials, no pings)', () => {
    const h = harness({ RPORT_TRAY_TEST_FAULTS: '1' });
    h.command(startCommand);
    h.command({ type: 'test-fault', fault: 'stall' });
    expect(h.engine.pause).toHaveBeenCalledOnce();
  });

  it('RPORT_TRAY_TEST_FAULT_AT_START injects the fault right after the engine starts', () => {
    const h = harness({ RPORT_TRAY_TEST_FAULTS: '1', RPORT_TRAY_TEST_FAULT_AT_START: 'crash' });
    h.command(startCommand);
    expect(h.exit).toHaveBeenCalledWith(70);
    const off = harness({ RPORT_TRAY_TEST_FAULT_AT_START: 'crash' });
    off.command(startCommand);
    expect(off.exit).not.toHaveBeenCalled();
  });
});
