// What a run sets up before its first dial, pinned exactly (issue 20, main/engine/engine.ts): a data_dir
// problem found when the run creates the directory rides on the run's own progress events (no separate
// `data-dir` event); one found by a state.json write while paused changes the status and the log but
// announces nothing; the writes of a replaced run's state.json writer no longer count; an unreadable
// attributes file is logged; the request dispatcher logs through the engine; the static system
// information is collected once per engine.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as SystemInfoModule from '../../../main/engine/system-info';
import { StateFileWriter } from '../../../main/engine/state-file';
import type { EngineEvent } from '../../../main/shared/types/engine-types';
import { startTestRportd, type TestRportd } from '../../support/rportd';
import { EngineHarness, tempDir, testConfig } from '../../support/engine/engine-harness';

const collected = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../main/engine/system-info', async (importOriginal) => {
  const actual = await importOriginal<typeof SystemInfoModule>();
  return {
    ...actual,
    collectStaticSystemInfo: () => {
      collected.count++;
      return actual.collectStaticSystemInfo();
    },
  };
});

const ms = (n: number): number => n * 1e6;
type Progress = Extract<EngineEvent, { type: 'progress' }>;
const progress = (events: EngineEvent[], kind: string): Progress[] =>
  events.filter((e): e is Progress => e.type === 'progress' && e.kind === kind);

describe('engine: a run’s start', () => {
  let server: TestRportd;
  let harness: EngineHarness;
  let root: ReturnType<typeof tempDir>;
  /** A regular file where data_dir's parent should be: data_dir cannot be made (ENOTDIR, root too). */
  let blocker: string;
  let badDir: string;
  let goodDir: string;
  /** state.json writes into `heldDir` wait for `release()`; their outcomes are kept. */
  let heldDir: string | null;
  let held: Array<Promise<void>>;
  let release: () => void;

  beforeEach(async () => {
    server = await startTestRportd({ clientLoginWaitMs: 0 });
    root = tempDir('rport-run-start-');
    blocker = path.join(root.dir, 'not-a-directory');
    writeFileSync(blocker, 'a file where a directory should be\n');
    badDir = path.join(blocker, 'data');
    goodDir = path.join(root.dir, 'data');
    heldDir = null;
    held = [];
    const gate = new Promise<void>((resolve) => (release = resolve));
    const write = StateFileWriter.prototype.write;
    vi.spyOn(StateFileWriter.prototype, 'write').mockImplementation(function (this: StateFileWriter, state, message) {
      if (heldDir === null || path.dirname(this.filePath) !== heldDir) return write.call(this, state, message);
      const landed = gate.then(() => write.call(this, state, message));
      held.push(landed);
      return landed;
    });
    harness = new EngineHarness();
  });

  afterEach(async () => {
    release();
    await harness.stop();
    vi.restoreAllMocks();
    await server.stop();
    root.remove();
  });

  const config = (dataDir: string, tweak?: Parameters<typeof testConfig>[0]['tweak']) =>
    testConfig({ server: server.url, dataDir, tweak });
  const withStateFile = (dataDir: string) =>
    config(dataDir, (c) => {
      c.connection.watchdog_integration = true;
      c.connection.keep_alive = ms(100);
    });
  const logsAt = (level: string, pattern: RegExp): string[] =>
    harness.events.flatMap((e) =>
      e.type === 'log' && e.line.level === level && pattern.test(e.line.message) ? [e.line.message] : [],
    );

  it('without state.json, a data_dir that cannot be made, and its end, ride on the run’s own events', async () => {
    harness.start(config(badDir));
    const connected = (await harness.waitForProgress('connected', 10_000)) as Progress;
    expect(connected.status.dataDirProblem).toMatch(/^cannot create data_dir ".*": ENOTDIR: not a directory$/);
    rmSync(blocker);
    harness.engine.pause();
    harness.engine.resume();
    const resumed = (await harness.waitForProgress('resumed', 10_000)) as Progress;
    expect(resumed.status.dataDirProblem).toBeNull();
    expect(logsAt('info', /is usable again/)).toHaveLength(1);
    await harness.waitForProgress('connected', 10_000);
    expect(progress(harness.events, 'data-dir')).toEqual([]);
  });

  it('a state.json write that lands while paused clears the problem in the status and the log, unannounced', async () => {
    harness.start(withStateFile(badDir));
    await harness.waitFor(
      (e) => e.type === 'progress' && e.kind === 'data-dir' && /^state\.json: /.test(e.status.dataDirProblem ?? ''),
    );
    heldDir = badDir;
    await harness.waitForProgress('ping', 10_000);
    harness.engine.pause();
    const from = harness.events.length;
    rmSync(blocker);
    release();
    await Promise.all(held);
    expect(held.length).toBeGreaterThan(0);
    expect(harness.engine.status().dataDirProblem).toBeNull();
    expect(logsAt('info', /is usable again/)).toHaveLength(1);
    expect(harness.events.slice(from).filter((e) => e.type === 'progress')).toEqual([]);
  });

  it('a replaced run’s state.json write that fails late changes nothing', async () => {
    heldDir = badDir;
    harness.start(withStateFile(badDir));
    await harness.waitForProgress('started', 10_000);
    harness.start(withStateFile(goodDir));
    await harness.waitForProgress('connected', 10_000);
    expect(harness.engine.status().dataDirProblem).toBeNull();
    release();
    await Promise.all(held);
    expect(held.length).toBeGreaterThan(0);
    expect(harness.engine.status().dataDirProblem).toBeNull();
    expect(logsAt('error', /^state\.json: /)).toEqual([]);
  });

  it('a replaced run’s state.json write that succeeds late does not clear the new run’s problem', async () => {
    heldDir = goodDir;
    harness.start(withStateFile(goodDir));
    await harness.waitForProgress('started', 10_000);
    harness.start(withStateFile(badDir));
    const problem = (await harness.waitFor(
      (e) => e.type === 'progress' && e.kind === 'data-dir' && /^state\.json: /.test(e.status.dataDirProblem ?? ''),
    )) as Progress;
    release();
    await Promise.all(held);
    expect(held.length).toBeGreaterThan(0);
    expect(harness.engine.status().dataDirProblem).toBe(problem.status.dataDirProblem);
    expect(logsAt('info', /is usable again/)).toEqual([]);
  });

  it('logs an attributes file it cannot read, at info, and connects with the config’s tags', async () => {
    const missing = path.join(root.dir, 'attributes.json');
    harness.start(
      config(goodDir, (c) => {
        c.client.attributes_file_path = missing;
        c.client.tags = ['from-config'];
      }),
    );
    await harness.waitForProgress('connected', 10_000);
    expect(logsAt('info', /attributes file/)).toEqual([
      `could not read attributes file ${missing}: ENOENT: no such file or directory, open '${missing}'`,
    ]);
    expect((await server.waitForClient()).connectionRequest?.Tags).toEqual(['from-config']);
  });

  it('the run’s request dispatcher logs through the engine: an unknown request, at debug', async () => {
    harness.start(config(goodDir, (c) => (c.logging.log_level = 'debug')));
    const client = await server.waitForClient();
    await harness.waitForProgress('connected', 10_000);
    expect((await client.request('no_such_request', null)).ok).toBe(false);
    expect(
      harness.events.flatMap((e) => (e.type === 'log' && e.line.message.startsWith('Unknown request') ? [e.line] : [])),
    ).toEqual([
      {
        at: expect.any(Number) as number,
        level: 'debug',
        source: 'engine',
        message: 'Unknown request: "no_such_request"',
      },
    ]);
  });

  it('collects the static system information once per engine, not per connection or run', async () => {
    collected.count = 0;
    harness.start(config(goodDir));
    const first = await server.waitForClient();
    server.dropAll();
    await server.waitForClient((c) => c !== first);
    harness.engine.pause();
    harness.engine.resume();
    await harness.waitForProgress('connected', 10_000);
    expect(server.clients).toHaveLength(1);
    expect(collected.count).toBe(1);
  });
});
