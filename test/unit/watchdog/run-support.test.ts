// The small pieces `rport-tray run` is composed of: test overrides that only tests can switch on, and
// finding the worker bundle.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { engineWorkerPath } from '../../../main/watchdog/engine-worker-path';
import { testEngineTimings, testWatchdogPolicy } from '../../../main/watchdog/test-overrides';
import { engineTimingFacts } from '../../../main/watchdog/engine-timing-facts';
import { DEFAULT_ENGINE_TIMINGS } from '../../../main/engine/engine-timings';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('test overrides', () => {
  const env = {
    RPORT_TRAY_TEST_ENGINE_TIMINGS: '{"dialTimeoutMs": 1000}',
    RPORT_TRAY_TEST_WATCHDOG_POLICY: '{"slackMs": 5}',
  };

  it('are ignored unless RPORT_TRAY_TEST_FAULTS=1', () => {
    expect(testEngineTimings(env)).toBeUndefined();
    expect(testWatchdogPolicy(env)).toBeUndefined();
  });

  it('are read as JSON when enabled, with a clear error for bad JSON', () => {
    const on = { ...env, RPORT_TRAY_TEST_FAULTS: '1' };
    expect(testEngineTimings(on)).toEqual({ dialTimeoutMs: 1000 });
    expect(testWatchdogPolicy(on)).toEqual({ slackMs: 5 });
    expect(() => testWatchdogPolicy({ ...on, RPORT_TRAY_TEST_WATCHDOG_POLICY: '{' })).toThrow(
      /RPORT_TRAY_TEST_WATCHDOG_POLICY is not JSON/,
    );
  });
});

describe('engineTimingFacts', () => {
  it('takes the dial timeout, the new_connection reply timeout and the keep-alive jitter from the engine', () => {
    expect(engineTimingFacts()).toEqual({
      dialTimeoutMs: DEFAULT_ENGINE_TIMINGS.dialTimeoutMs,
      handshakeReplyTimeoutMs: DEFAULT_ENGINE_TIMINGS.newConnectionReplyTimeoutMs,
      keepAliveExtraMs: DEFAULT_ENGINE_TIMINGS.keepAliveJitterMs,
    });
    expect(engineTimingFacts({ dialTimeoutMs: 7 }).dialTimeoutMs).toBe(7);
  });
});

describe('engineWorkerPath', () => {
  it('finds the bundle next to a bundle, or in dist/ above a source file; the env overrides', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'rport-tray-path-'));
    dirs.push(root);
    mkdirSync(path.join(root, 'dist'));
    mkdirSync(path.join(root, 'main', 'cli'), { recursive: true });
    writeFileSync(path.join(root, 'dist', 'engine-worker.cjs'), '');
    const fromBundle = pathToFileURL(path.join(root, 'dist', 'cli.cjs')).href;
    const fromSource = pathToFileURL(path.join(root, 'main', 'cli', 'run.ts')).href;
    expect(engineWorkerPath({}, fromBundle)).toBe(path.join(root, 'dist', 'engine-worker.cjs'));
    expect(engineWorkerPath({}, fromSource)).toBe(path.join(root, 'dist', 'engine-worker.cjs'));
    expect(engineWorkerPath({ RPORT_TRAY_ENGINE_WORKER: '/x/w.js' }, fromSource)).toBe('/x/w.js');
    rmSync(path.join(root, 'dist', 'engine-worker.cjs'));
    expect(() => engineWorkerPath({}, fromSource)).toThrow(/run `npm run build`/);
  });
});
