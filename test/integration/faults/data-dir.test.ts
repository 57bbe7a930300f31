// `data_dir` that cannot be written, or a full disk under it: the client must keep running (connected,
// tunnels working) and say so in its log, and pick up again when the disk has room. Tests run as root
// here, so chmod proves nothing: "not writable" is a data_dir whose parent is a regular FILE (ENOTDIR
// for everyone, root included); "full" is a 64 KiB tmpfs filled to the brim (needs mount privileges;
// skipped with the reason when they are missing).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestRportd, type TestRportd } from '../../support/rportd';
import { EngineHarness, testConfig } from '../../support/engine/engine-harness';
import { echoOnce, startEchoTarget, type EchoTarget } from '../../support/faults/checked-streams';
import { rportConf, startHeadlessRun, writeConf, type HeadlessRun } from '../../support/faults/headless-run';
import { eventually, sleep } from '../../support/faults/wait';
import { readStatusFile } from '../../../main/watchdog/status-file';

const MIB = 1024 * 1024;
const ms = (n: number): number => n * 1e6;

let rportd: TestRportd | null = null;
let target: EchoTarget | null = null;
let harness: EngineHarness | null = null;
let run: HeadlessRun | null = null;
const mounts: string[] = [];
const dirs: string[] = [];

afterEach(async () => {
  await harness?.stop();
  harness = null;
  await run?.stop();
  run = null;
  await rportd?.stop();
  rportd = null;
  await target?.close();
  target = null;
  for (const m of mounts.splice(0)) spawnSync('umount', ['-l', m]);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function workspace(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'rport-datadir-'));
  dirs.push(root);
  return root;
}

/** A data_dir nobody can create, root included: its parent is a regular file. */
function uncreatableDataDir(root: string): string {
  const file = path.join(root, 'not-a-directory');
  writeFileSync(file, 'a file where a directory should be\n');
  return path.join(file, 'data');
}

/** A directory on a fresh 64 KiB tmpfs filled completely, or the reason it cannot be had here. */
function fullDisk(root: string): { dir: string; filler: string } | { skip: string } {
  const dir = path.join(root, 'full');
  mkdirSync(dir);
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0755', 'tmpfs', dir], { encoding: 'utf8' });
  if (mount.status !== 0) return { skip: `cannot mount a tmpfs here: ${(mount.stderr || mount.error?.message) ?? ''}` };
  mounts.push(dir);
  const filler = path.join(dir, 'filler');
  try {
    writeFileSync(filler, Buffer.alloc(1024 * 1024));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  }
  // Whatever is left (a partial block) goes into small files until nothing fits.
  for (let i = 0; i < 64; i++) {
    try {
      writeFileSync(path.join(dir, `crumb-${i}`), Buffer.alloc(512));
    } catch {
      break;
    }
  }
  return { dir, filler };
}

describe('faults: data_dir not writable or full', () => {
  it('engine: a data_dir that cannot be created is reported, and the engine connects and tunnels anyway', async () => {
    const root = workspace();
    const dataDir = uncreatableDataDir(root);
    rportd = await startTestRportd({ clientLoginWaitMs: 0 });
    target = await startEchoTarget();
    harness = new EngineHarness();
    harness.start(
      testConfig({
        server: rportd.url,
        dataDir,
        tweak: (c) => {
          c.connection.watchdog_integration = true;
          c.connection.keep_alive = ms(200);
        },
      }),
    );
    const client = await rportd.waitForClient();
    await harness.waitForState('connected');
    const tunnel = await client.openTunnel({ target: `127.0.0.1:${target.port}` });
    const echo = await echoOnce(tunnel.port, MIB, 3);
    expect(echo.receivedSha256).toBe(echo.sentSha256);
    // Several pings (each one a state.json write) while the directory stays impossible.
    for (let i = 0; i < 5; i++) await harness.waitForProgress('ping', 5_000);
    const errors = harness.events.flatMap((e) =>
      e.type === 'log' && e.line.level === 'error' ? [e.line.message] : [],
    );
    expect(errors.some((m) => m.includes(dataDir) && /ENOTDIR|not a directory/.test(m))).toBe(true);
    expect(errors.some((m) => m.startsWith('state.json: '))).toBe(true);
    expect(harness.engine.status().state).toBe('connected');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('rport-tray run: a data_dir that cannot be created does not stop the client; the log says why', async () => {
    const root = workspace();
    const dataDir = uncreatableDataDir(root);
    rportd = await startTestRportd({ clientLoginWaitMs: 0 });
    const configFile = path.join(root, 'rport.conf');
    writeConf(configFile, rportConf({ server: rportd.url, dataDir }));
    run = await startHeadlessRun(configFile);
    const client = await run.guard(rportd.waitForClient(() => true, 20_000));
    expect(client.connectionRequest?.ID).toBe('fault-suite-client');
    await run.waitForOutput(/ERROR .*not a directory/i, 10_000);
    await sleep(1_500);
    expect(run.alive()).toBe(true);
    expect(rportd.clients).toHaveLength(1);
    expect(await run.stop()).toEqual({ code: 0, signal: null });
  });

  it('rport-tray run: a full disk under data_dir is reported, the client keeps serving, and recovers', async (ctx) => {
    const root = workspace();
    const disk = fullDisk(root);
    if ('skip' in disk) return ctx.skip(disk.skip);
    rportd = await startTestRportd({ clientLoginWaitMs: 0 });
    target = await startEchoTarget();
    const configFile = path.join(root, 'rport.conf');
    writeConf(configFile, rportConf({ server: rportd.url, dataDir: disk.dir, keepAlive: '500ms' }));
    run = await startHeadlessRun(configFile);
    const client = await run.guard(rportd.waitForClient(() => true, 20_000));
    await run.waitForOutput(/no space left on device|ENOSPC/i, 15_000);
    const tunnel = await client.openTunnel({ target: `127.0.0.1:${target.port}` });
    const echo = await echoOnce(tunnel.port, MIB, 4);
    expect(echo.receivedSha256).toBe(echo.sentSha256);
    expect(run.alive()).toBe(true);

    // Room again: state.json and the status file are written on the next pings.
    unlinkSync(disk.filler);
    const state = await eventually(
      () => {
        const file = path.join(disk.dir, 'state.json');
        return existsSync(file) && JSON.parse(readFileSync(file, 'utf8')).last_state === 'connected';
      },
      15_000,
      'state.json to say connected once the disk has room',
    );
    expect(state).toBe(true);
    await eventually(() => readStatusFile(disk.dir)?.supervisor.engine?.state === 'connected', 15_000, 'status file');
    expect(await run.stop()).toEqual({ code: 0, signal: null });
  });
});
