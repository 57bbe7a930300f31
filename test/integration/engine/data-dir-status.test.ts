// A data_dir the engine cannot write (state.json with watchdog_integration, or the directory itself) is a
// reported condition: EngineStatus.dataDirProblem says why, a `data-dir` progress event announces each
// change, and the log has one line when it starts and one when it clears — not one per keep-alive.
// Root-proof: the data_dir's parent is a regular FILE (ENOTDIR for everyone, root included); removing
// that file makes the directory creatable again.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestRportd, type TestRportd } from '../../support/rportd';
import { EngineHarness, tempDir, testConfig } from '../../support/engine/engine-harness';
import type { EngineEvent, EngineStatus } from '../../../main/shared/types/engine-types';

const ms = (n: number): number => n * 1e6;

describe('engine: data_dir problems in the status and the log', () => {
  let server: TestRportd;
  let harness: EngineHarness;
  let root: ReturnType<typeof tempDir>;
  let blocker: string;
  let dataDir: string;

  beforeEach(async () => {
    server = await startTestRportd({ clientLoginWaitMs: 0 });
    root = tempDir('rport-datadir-status-');
    blocker = path.join(root.dir, 'not-a-directory');
    writeFileSync(blocker, 'a file where a directory should be\n');
    dataDir = path.join(blocker, 'data');
    harness = new EngineHarness();
  });

  afterEach(async () => {
    await harness.stop();
    await server.stop();
    root.remove();
  });

  const errorLines = (pattern: RegExp): string[] =>
    harness.events.flatMap((e) =>
      e.type === 'log' && e.line.level === 'error' && pattern.test(e.line.message) ? [e.line.message] : [],
    );
  const infoLines = (pattern: RegExp): string[] =>
    harness.events.flatMap((e) =>
      e.type === 'log' && e.line.level === 'info' && pattern.test(e.line.message) ? [e.line.message] : [],
    );
  const dataDirEvents = (): EngineStatus[] =>
    harness.events.flatMap((e) => (e.type === 'progress' && e.kind === 'data-dir' ? [e.status] : []));

  it('state.json failing on every ping: shown in the status, logged once; writable again: cleared, logged once', async () => {
    harness.start(
      testConfig({
        server: server.url,
        dataDir,
        tweak: (c) => {
          c.connection.watchdog_integration = true;
          c.connection.keep_alive = ms(100);
        },
      }),
    );
    await server.waitForClient();
    await harness.waitForState('connected');
    for (let i = 0; i < 5; i++) await harness.waitForProgress('ping', 5_000);

    const problem = harness.engine.status().dataDirProblem ?? '';
    expect(problem).toMatch(/^state\.json: cannot write in data_dir ".*": ENOTDIR: not a directory$/);
    expect(problem).toContain(JSON.stringify(dataDir));
    expect(harness.engine.status().state).toBe('connected');
    // Six state writes or more failed; one line for them (and one for the directory at start).
    expect(errorLines(/^state\.json: /)).toHaveLength(1);
    expect(errorLines(/^cannot create data_dir /)).toHaveLength(1);
    expect(dataDirEvents().at(-1)?.dataDirProblem).toBe(problem);
    // Every later progress event carries it too (the supervisor keeps the last status it got).
    const lastPing = harness.events.filter((e) => e.type === 'progress' && e.kind === 'ping').at(-1);
    expect(lastPing?.type === 'progress' && lastPing.status.dataDirProblem).toBe(problem);

    rmSync(blocker);
    const cleared = await harness.waitFor(
      (e: EngineEvent) => e.type === 'progress' && e.kind === 'data-dir' && e.status.dataDirProblem === null,
      5_000,
    );
    expect(cleared.type === 'progress' && cleared.status.state).toBe('connected');
    for (let i = 0; i < 3; i++) await harness.waitForProgress('ping', 5_000);
    expect(harness.engine.status().dataDirProblem).toBeNull();
    expect(infoLines(/is usable again/)).toEqual([
      `data_dir ${JSON.stringify(dataDir)} is usable again (was: ${problem})`,
    ]);
    expect(errorLines(/^state\.json: /)).toHaveLength(1);
    expect(JSON.parse(readFileSync(path.join(dataDir, 'state.json'), 'utf8'))).toMatchObject({
      last_state: 'connected',
    });
  });

  it('without state.json: a data_dir that cannot be created is shown and logged once; a new run clears it', async () => {
    harness.start(testConfig({ server: server.url, dataDir, tweak: (c) => (c.connection.keep_alive = ms(100)) }));
    await server.waitForClient();
    const connected = await harness.waitForState('connected');
    expect(connected.type === 'progress' && connected.status.dataDirProblem).toMatch(
      /^cannot create data_dir ".*": ENOTDIR: not a directory$/,
    );
    for (let i = 0; i < 3; i++) await harness.waitForProgress('ping', 5_000);
    expect(errorLines(/data_dir/)).toHaveLength(1);

    rmSync(blocker);
    harness.engine.pause();
    harness.engine.resume();
    const resumed = await harness.waitForProgress('resumed', 5_000);
    expect(resumed.type === 'progress' && resumed.status.dataDirProblem).toBeNull();
    expect(existsSync(dataDir)).toBe(true);
    expect(infoLines(/is usable again/)).toHaveLength(1);
    const reconnected = await harness.waitForProgress('connected', 5_000);
    expect(reconnected.type === 'progress' && reconnected.status.dataDirProblem).toBeNull();
  });
});
