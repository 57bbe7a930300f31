// The config file corrupted on disk while the app runs (`rport-tray run --ui`, the real app core, config
// service watch and engine worker): the last good config keeps running — same worker, same connection
// to rportd, no restart — and the user is told through the UI contract (an error log line naming the
// line, and a timeline entry). A later valid edit is applied. Also: with the web UI, a data_dir that
// cannot be created does not stop the app either.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestRportd, type TestRportd } from '../../support/rportd';
import { rportConf, startHeadlessRun, writeConf, type HeadlessRun } from '../../support/faults/headless-run';
import { UiClient } from '../../support/faults/ui-client';
import { eventually, sleep } from '../../support/faults/wait';
import { readStatusFile } from '../../../main/watchdog/status-file';

let rportd: TestRportd | null = null;
let run: HeadlessRun | null = null;
let ui: UiClient | null = null;
const dirs: string[] = [];

afterEach(async () => {
  ui?.close();
  ui = null;
  await run?.stop();
  run = null;
  await rportd?.stop();
  rportd = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function workspace(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'rport-corrupt-'));
  dirs.push(root);
  return root;
}

interface Snapshot {
  status: { state: string; supervisor: { restartCount: number } };
}

describe('faults: the config file corrupted while the app runs', () => {
  it('keeps the last good config running and tells the user; a later valid edit is applied', async () => {
    const root = workspace();
    const dataDir = path.join(root, 'data');
    const configFile = path.join(root, 'rport.conf');
    rportd = await startTestRportd({ clientLoginWaitMs: 0 });
    const good = rportConf({ server: rportd.url, dataDir });
    writeConf(configFile, good);
    run = await startHeadlessRun(configFile, { ui: true });
    const first = await run.guard(rportd.waitForClient(() => true, 30_000));
    const info = run.ui as NonNullable<HeadlessRun['ui']>;
    ui = await UiClient.connect(info.origin, info.token);
    const c = ui;
    await eventually(
      async () => ((await c.request('getSnapshot')).value as Snapshot).status.state === 'connected',
      20_000,
      'the UI to show connected',
    );
    const workerPid = await eventually(() => readStatusFile(dataDir)?.supervisor.workerPid, 10_000, 'worker pid');

    // A half-written file, as a crashed editor or a full disk leaves it: line 3 is broken.
    const broken = good.split('\n').slice(0, 2).join('\n') + '\nauth = "client1:secret1\nid = [\n';
    writeFileSync(configFile, broken);
    const told = await c.waitForEvent(
      (e) =>
        e.type === 'log' &&
        (e.line as { level: string; source: string; message: string }).level === 'error' &&
        (e.line as { message: string }).message.includes('changed on disk and has errors'),
      15_000,
    );
    const message = (told.event?.line as { message: string }).message;
    expect(message).toContain(configFile);
    expect(message).toMatch(/line \d+/);
    expect(message).toMatch(/not applied|keeps running on the last good config/);
    await c.waitForEvent(
      (e) => e.type === 'timeline' && /has errors; not applied/.test(String((e.entry as { text: string }).text)),
    );

    // Still running on the last good config: same connection, same worker, no restart.
    await sleep(1_500);
    expect(first.isClosed).toBe(false);
    expect(rportd.clients).toEqual([first]);
    expect(readStatusFile(dataDir)?.supervisor.workerPid).toBe(workerPid);
    const snapshot = (await c.request('getSnapshot')).value as Snapshot;
    expect(snapshot.status.state).toBe('connected');
    expect(snapshot.status.supervisor.restartCount).toBe(0);
    // The window's editor shows what is on disk, so the user can fix it there.
    const doc = await c.request('getConfig');
    expect(doc.ok).toBe(true);

    // A valid edit on disk is applied: the engine restarts with it (a new name reaches rportd).
    writeConf(configFile, good.replace('[client]\n', '[client]\nname = "edited-on-disk"\n'));
    const renamed = await rportd.waitForClient((cl) => cl.connectionRequest?.Name === 'edited-on-disk', 30_000);
    expect(renamed).not.toBe(first);
    expect(run.alive()).toBe(true);
  });

  it('with the web UI, a data_dir that cannot be created does not stop the app; the UI says why', async () => {
    const root = workspace();
    const file = path.join(root, 'not-a-directory');
    writeFileSync(file, 'x');
    const configFile = path.join(root, 'rport.conf');
    rportd = await startTestRportd({ clientLoginWaitMs: 0 });
    writeConf(configFile, rportConf({ server: rportd.url, dataDir: path.join(file, 'data') }));
    run = await startHeadlessRun(configFile, { ui: true });
    await run.guard(rportd.waitForClient(() => true, 30_000));
    const info = run.ui as NonNullable<HeadlessRun['ui']>;
    ui = await UiClient.connect(info.origin, info.token);
    const snapshot = await ui.request('getSnapshot');
    const logs = (snapshot.value as { logs: { level: string; message: string }[] }).logs;
    expect(logs.some((l) => l.level === 'error' && /not a directory/i.test(l.message))).toBe(true);
    // The condition itself reaches the window (status.engine.dataDirProblem), not only a log line.
    const status = (snapshot.value as { status: { engine: { dataDirProblem?: string | null } | null } }).status;
    expect(status.engine?.dataDirProblem).toMatch(/data_dir .*not a directory/i);
    expect(run.alive()).toBe(true);
  });
});
