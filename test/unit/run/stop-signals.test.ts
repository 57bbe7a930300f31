// How a headless run ends, with the signals from an emitter: the first SIGINT/SIGTERM stops cleanly, a
// second one during that stop kills at once, SIGHUP retries, and every handler is gone afterwards.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { untilStopSignal, type SignalSource } from '../../../main/run/stop-signals';
import type { LogSink } from '../../../main/logging/log-sink';

function setup(stop: () => Promise<void> = async () => {}) {
  const signals = new EventEmitter();
  const messages: string[] = [];
  const sink = { log: (_level: string, _source: string, message: string) => void messages.push(message) };
  const controls = { stop: vi.fn(stop), kill: vi.fn(), retry: vi.fn() };
  const outcome = untilStopSignal(controls, sink as unknown as LogSink, signals as unknown as SignalSource);
  return { signals, messages, controls, outcome };
}

describe('untilStopSignal', () => {
  it('stops cleanly on SIGTERM and removes its handlers', async () => {
    const t = setup();
    t.signals.emit('SIGTERM', 'SIGTERM');
    expect(await t.outcome).toBe('stopped');
    expect(t.controls.stop).toHaveBeenCalledTimes(1);
    expect(t.messages).toEqual(['SIGTERM: stopping', 'stopped']);
    for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP']) expect(t.signals.listenerCount(name)).toBe(0);
  });

  it('retries on SIGHUP without stopping', () => {
    const t = setup();
    t.signals.emit('SIGHUP', 'SIGHUP');
    t.signals.emit('SIGHUP', 'SIGHUP');
    expect(t.controls.retry).toHaveBeenCalledTimes(2);
    expect(t.controls.stop).not.toHaveBeenCalled();
    expect(t.messages).toEqual(['SIGHUP: retrying', 'SIGHUP: retrying']);
  });

  it('kills at once on a second signal while the clean stop still waits', async () => {
    const t = setup(() => new Promise<void>(() => {}));
    t.signals.emit('SIGINT', 'SIGINT');
    t.signals.emit('SIGTERM', 'SIGTERM');
    expect(await t.outcome).toBe('killed');
    expect(t.controls.kill).toHaveBeenCalledTimes(1);
    expect(t.messages).toContain('SIGTERM again: killing the engine worker');
    expect(t.signals.listenerCount('SIGTERM')).toBe(0);
  });

  it('reports a clean stop that failed', async () => {
    const t = setup(async () => {
      throw new Error('disk gone');
    });
    t.signals.emit('SIGTERM', 'SIGTERM');
    expect(await t.outcome).toBe('failed');
    expect(t.messages).toContain('stopping failed: disk gone');
  });
});
