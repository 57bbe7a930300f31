// The app core's side of what the window says: a config applied while an engine runs reads as one
// restart (no `stopped` or `initialized` in between, on the status stream or the timeline), and the
// window's "Block remote commands" reaches the engine runs and shows at once.
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppStatus } from '../../../../main/shared/contract';
import {
  createHarness,
  engineStatus,
  ok,
  progress,
  sampleConfig,
  supervisorStatus,
  type Harness,
} from '../app-test-kit';

let h: Harness | null = null;
afterEach(async () => {
  await h?.cleanup();
  h = null;
});

const statuses = (harness: Harness): AppStatus[] =>
  harness.messages.flatMap((m) => (m.event.type === 'status' ? [m.event.status] : []));

describe('app core: what the window is told', () => {
  it('applies a new config as one restart: reconnecting with its reason, never stopped or initialized', async () => {
    h = await createHarness(sampleConfig());
    const first = h.supervisor;
    first.emit({ type: 'supervisor', status: supervisorStatus() });
    first.emit(progress(engineStatus({ message: 'Connected to 127.0.0.1:9999 within 34.974895ms' })));
    // The old supervisor reports its stop as the real one does.
    first.stop = async () => {
      first.calls.push('stop');
      first.emit({ type: 'supervisor', status: supervisorStatus({ phase: 'stopping' }) });
      first.emit(progress(engineStatus({ state: 'stopped', server: null, message: 'ping ok within 1.2ms' }), 'paused'));
      first.emit({ type: 'supervisor', status: supervisorStatus({ phase: 'stopped', workerPid: null }) });
    };
    const from = h.messages.length;
    writeFileSync(h.file, sampleConfig().replace("keep_alive = '1s'", "keep_alive = '5s'"));
    await h.core.configChangedOnDisk();
    const second = h.supervisor;
    expect(second).not.toBe(first);
    second.emit({ type: 'supervisor', status: supervisorStatus({ phase: 'starting' }) });
    second.emit(progress(engineStatus({ state: 'initialized', server: null }), 'connected'));
    second.emit(progress(engineStatus()));

    const words = h.messages
      .slice(from)
      .flatMap((m) => (m.event.type === 'status' ? [`${m.event.status.state}: ${m.event.status.message}`] : []));
    expect(words.filter((w) => !w.startsWith('connected'))).toEqual(
      expect.arrayContaining(['reconnecting: Applying the new config']),
    );
    expect(words.some((w) => w.startsWith('stopped') || w.startsWith('initialized'))).toBe(false);
    expect(statuses(h).at(-1)?.state).toBe('connected');
    // `Starting` is the app's first start; the restart is one entry, and the connect after it.
    const timeline = ok(await h.core.request('getSnapshot'))
      .timeline.filter((e) => e.kind === 'state')
      .map((e) => e.text);
    expect(timeline).toEqual([
      'Starting',
      'Connected to ws://127.0.0.1:9999 (primary)',
      'Reconnecting: Applying the new config',
      'Connected to ws://127.0.0.1:9999 (primary)',
    ]);
  });

  it('blocks remote commands for every engine run on request, and shows it at once', async () => {
    const calls: boolean[] = [];
    h = await createHarness(sampleConfig(), { remoteCommands: { setBlocked: (b) => calls.push(b) } });
    h.supervisor.emit(progress(engineStatus({ remoteCommandsBlocked: false })));
    expect(ok(await h.core.request('setRemoteCommandsBlocked', { blocked: true }))).toBeNull();
    expect(calls).toEqual([true]);
    const last = statuses(h).at(-1);
    expect(last).toMatchObject({ remoteCommandsBlocked: true, engine: { remoteCommandsBlocked: true } });
    // The same again changes nothing; allowing again does.
    ok(await h.core.request('setRemoteCommandsBlocked', { blocked: true }));
    ok(await h.core.request('setRemoteCommandsBlocked', { blocked: false }));
    expect(calls).toEqual([true, false]);
    const timeline = ok(await h.core.request('getSnapshot')).timeline.map((e) => e.text);
    expect(timeline).toEqual(expect.arrayContaining(['Remote commands blocked', 'Remote commands allowed again']));
    expect(await h.core.handle('setRemoteCommandsBlocked', { blocked: 'yes' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
  });
});
