// One engine run at a time over an in-memory worker host: what the supervisor is started with, the
// engine's and the watchdog's lines in the sink, the status file (and a data dir where it cannot be
// written), and a kill that reaches only the run in progress.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../../../main/config/defaults';
import { supervisedRuns } from '../../../main/run/supervised-runs';
import { engineTimingFacts } from '../../../main/watchdog/engine-timing-facts';
import { readStatusFile } from '../../../main/watchdog/status-file';
import { FakeWorkerHost } from '../watchdog/fake-worker-host';
import { fakeSink } from './fake-log-sink';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rport-supervised-runs-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function setup(dataDir = dir, tweak: (config: ReturnType<typeof defaultConfig>) => void = () => undefined) {
  const host = new FakeWorkerHost();
  const log = fakeSink(dir);
  const runs = supervisedRuns({
    workerHost: host,
    engineTiming: engineTimingFacts(),
    policy: { stopGraceMs: 100 },
    sink: log.sink,
    lockedKeys: () => ['client.server'],
    startOptions: async () => ({ passwordOverride: 'from-keychain' }),
  });
  const config = defaultConfig(dataDir);
  config.client.server = '127.0.0.1:9';
  tweak(config);
  const run = runs.factory({ config, configPath: path.join(dir, 'rport.conf'), sessionId: 'session-1' });
  return { host, runs, run, ...log };
}

describe('supervisedRuns', () => {
  it('starts the supervisor with the run, the locked keys and the start options, and logs its lines', async () => {
    const t = setup();
    await t.run.start();
    const worker = t.host.current;
    worker.ready();
    await vi.waitFor(() => expect(worker.sent.some((c) => c.type === 'start')).toBe(true));
    expect(worker.sent.find((c) => c.type === 'start')).toMatchObject({
      options: { sessionId: 'session-1', lockedKeys: ['client.server'], passwordOverride: 'from-keychain' },
    });
    const line = { at: 1, level: 'info' as const, source: 'engine', message: 'connected' };
    worker.message({ type: 'event', event: { type: 'log', line } });
    expect(t.lines).toContainEqual(line);
    expect(readStatusFile(dir)?.supervisor.workerPid).toBe(worker.pid);

    await t.run.stop();
    expect(readStatusFile(dir)?.supervisor).toMatchObject({ phase: 'stopped', workerPid: null });
    // Nothing of the stopped run reaches the sink any more.
    const count = t.lines.length;
    worker.message({ type: 'event', event: { type: 'log', line: { ...line, message: 'late' } } });
    expect(t.lines).toHaveLength(count);
  });

  it("runs the supervisor with the config's restart policy ([watchdog]: budget and back-off)", async () => {
    const t = setup(dir, (c) => {
      c.watchdog.restart_burst = 2;
      c.watchdog.restart_interval = 60_000 * 1e6;
      c.watchdog.restart_backoff_min = 20 * 1e6;
      c.watchdog.restart_backoff_max = 40 * 1e6;
    });
    const status = { phase: '', failedReason: '' };
    t.run.onEvent((e) => {
      if (e.type === 'supervisor')
        Object.assign(status, { phase: e.status.phase, failedReason: e.status.failedReason });
    });
    await t.run.start();
    for (let i = 0; i < 3; i++) {
      const worker = t.host.current;
      worker.ready();
      worker.exit({ code: 70, signal: null });
      await vi.waitFor(() => expect(t.host.workers.length > i + 1 || status.phase === 'failed').toBe(true));
    }
    expect(t.host.workers).toHaveLength(3);
    expect(status.phase).toBe('failed');
    expect(status.failedReason).toMatch(/^the engine worker was restarted 2 times within 60 s and failed again/);
    await t.run.stop();
  });

  it('says once that the status file cannot be written, and runs anyway', async () => {
    const file = path.join(dir, 'not-a-directory');
    fs.writeFileSync(file, 'x');
    const t = setup(path.join(file, 'data'));
    await t.run.start();
    t.host.current.ready();
    const warnings = t.lines.filter((l) => l.level === 'warn' && /cannot write the status file/.test(l.message));
    expect(warnings).toHaveLength(1);
    await t.run.stop();
  });

  it('kills only a run in progress: SIGKILL at once, the status written', async () => {
    const t = setup();
    t.runs.kill();
    expect(t.host.workers).toHaveLength(0);
    await t.run.start();
    const worker = t.host.current;
    worker.ready();
    t.runs.kill();
    expect(worker.signals).toEqual(['SIGKILL']);
    expect(readStatusFile(dir)).not.toBeNull();
    await t.run.stop();
    // After its stop the run is not "in progress" any more.
    t.runs.onSystemResume();
    t.runs.kill();
    expect(worker.signals).toEqual(['SIGKILL']);
  });
});
