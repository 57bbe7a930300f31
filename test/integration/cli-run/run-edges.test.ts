// The edges of `rport-tray run` a new user meets, as real processes against the test rportd: a --ui port
// that is taken ends the run at once (exit 1, the address named, no engine started); a second run on the
// same data dir exits 1 naming the first (pid and web UI); `status` shows the web UI and a log file that
// exists; `ui-link` prints a link that opens the running window; plain `run` without a config says how
// to get one.
import { createServer, type Server } from 'node:net';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RunHarness, connected } from './run-harness';

let h: RunHarness;
let blocker: Server | null = null;

afterEach(async () => {
  await h.cleanup();
  await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
  blocker = null;
});

describe('rport-tray run: edges', () => {
  it('exits 1 at once, naming the address, when the --ui port is taken, and starts no engine', async () => {
    h = new RunHarness();
    const rportd = await h.rportd();
    const { configFile } = h.config(rportd);
    blocker = createServer();
    await new Promise<void>((resolve) => blocker?.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;

    const run = h.run(['--config', configFile, '--ui', `127.0.0.1:${port}`]);
    const exit = await Promise.race([
      run.exited,
      new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 30_000)),
    ]);
    expect(exit, run.stdout() + run.stderr()).toEqual({ code: 1, signal: null });
    expect(run.stderr()).toContain(
      `rport-tray run: the web UI cannot listen on 127.0.0.1:${port}: the address is already in use`,
    );
    expect(run.stdout()).not.toMatch(/engine worker \d+ ready/);
    expect(rportd.clients).toHaveLength(0);
  });

  it('refuses a second run on the same data dir (exit 1, naming the first); status and ui-link show its web UI', async () => {
    h = new RunHarness();
    const rportd = await h.rportd();
    const { dataDir, configFile } = h.config(rportd);
    const first = h.run(['--config', configFile, '--ui', '127.0.0.1:0']);
    const up = await h.waitForStatus(dataDir, (s) => connected(s) && s.webUi !== null, 'connected with a web UI');
    const printed = /web UI at (http:\/\/127\.0\.0\.1:(\d+)\/\?token=\S+)/.exec(first.stdout());
    expect(printed).not.toBeNull();
    const link = printed?.[1] ?? '';
    const port = printed?.[2] ?? '';
    expect(up.webUi).toBe(`http://127.0.0.1:${port}/`);
    expect(up.liveLogFile).toBe(path.join(dataDir, 'logs', 'rport-tray.current.log'));
    expect(existsSync(up.liveLogFile as string)).toBe(true);

    const text = h.cli(['status', '--data-dir', dataDir]);
    expect(text.stdout).toContain(`  web UI:      http://127.0.0.1:${port}/ (rport-tray ui-link prints a link`);
    expect(text.stdout).toContain(`  log file:    ${path.join(dataDir, 'logs', 'rport-tray.current.log')}\n`);

    // The link again, without a restart; it opens the window (the token becomes the session cookie).
    const again = h.cli(['ui-link', '--config', configFile]);
    expect(again).toMatchObject({ code: 0, stdout: `${link}\n` });
    const opened = await fetch(link, { redirect: 'manual' });
    expect(opened.status).toBe(303);
    expect(opened.headers.get('set-cookie')).toMatch(new RegExp(`^rport_tray_ui_${port}=`));

    const second = h.run(['--config', configFile]);
    expect(await second.exited).toEqual({ code: 1, signal: null });
    expect(second.stderr()).toContain(
      `rport-tray run: another rport-tray run (pid ${first.child.pid}, web UI http://127.0.0.1:${port}/, config ` +
        `${configFile}) already uses the data dir ${dataDir}: stop it first`,
    );
    // The first run was left alone: same worker, still the one client of the server.
    const still = h.status(dataDir);
    expect(still?.supervisor.workerPid).toBe(up.supervisor.workerPid);
    expect(rportd.clients.filter((c) => !c.isClosed)).toHaveLength(1);

    first.child.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    // The lock went with it: a new run may start, and ui-link says there is none.
    expect(h.cli(['ui-link', '--data-dir', dataDir])).toMatchObject({ code: 1 });
  });

  it('without a config: plain run exits 3 saying how to get one; run --ui opens the setup', async () => {
    h = new RunHarness();
    const run = h.run([]);
    expect(await run.exited).toEqual({ code: 3, signal: null });
    const defaultConfig = path.join(h.root, 'xdg', 'rport-tray', 'rport.conf');
    expect(run.stderr()).toBe(
      `rport-tray run: no config at ${defaultConfig}: pass --config FILE, or start with --ui 127.0.0.1:0 to ` +
        'create it in the first-start setup\n',
    );
    const link = h.cli(['ui-link']);
    expect(link.code).toBe(1);
    expect(link.stderr).toContain(`no rport-tray run is using ${path.join(h.root, 'xdg', 'rport-tray')}`);

    // With a window, the default config's absence opens the first-start setup; ui-link finds that run.
    const withUi = h.run(['--ui', '127.0.0.1:0']);
    await h.waitForOutput(withUi, /web UI at http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    expect(withUi.stdout()).toContain(`no config at ${defaultConfig}: waiting for the first-start setup`);
    const again = h.cli(['ui-link']);
    expect(again.code).toBe(0);
    expect(withUi.stdout()).toContain(`web UI at ${again.stdout.trim()}`);
    withUi.child.kill('SIGTERM');
    expect(await withUi.exited).toEqual({ code: 0, signal: null });
  });
});
