import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmod, mkdir, mkdtemp, readdir, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { jobPayload, killProcessTree, startRemoteRig, waitFor, waitForCmdResult, type RemoteRig } from './remote-rig';
import { CMD_RESULT_MAX_BYTES } from '../../../main/engine/remote/commands/cmd-result-budget';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('run_cmd with commands and scripts enabled', () => {
  let rig: RemoteRig;
  const pidsToKill: number[] = [];

  beforeAll(async () => {
    rig = await startRemoteRig({
      configure(config) {
        config['remote-commands'].allow = ['^/usr/bin/.*', '^/bin/.*'];
        // The default deny list refuses `<` and `>`, which the summary tags need.
        config['remote-commands'].deny = ['(\\||;|&)'];
        config['remote-commands'].send_back_limit = 1000;
        config['remote-scripts'].enabled = true;
        config['interpreter-aliases'] = { mybash: { path: '/bin/bash', input_encoding: '', output_encoding: '' } };
      },
    });
  });

  afterAll(async () => {
    // The shell may have forked the script: end the whole tree the command started.
    for (const pid of pidsToKill) await killProcessTree(pid);
    expect(rig.server.violations).toEqual([]);
    await rig.close();
  });

  it('runs an allowed command, replies Pid/StartedAt at once and sends the whole job back', async () => {
    const job = jobPayload({ command: '/usr/bin/printf "hello <SUMMARY>all fine</summary>"', created_by: 'alice' });
    const reply = await rig.client.request('run_cmd', job);
    expect(reply.payload.toString('utf8')).not.toMatch(/not allowed|disabled/);
    expect(reply.ok).toBe(true);
    const started = JSON.parse(reply.payload.toString('utf8')) as { Pid: number; StartedAt: string };
    expect(Object.keys(started)).toEqual(['Pid', 'StartedAt']);
    expect(started.Pid).toBeGreaterThan(0);
    expect(started.StartedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+(Z|[+-]\d\d:\d\d)$/);
    const done = await waitForCmdResult(rig.client, job.jid as string);
    expect(done).toMatchObject({
      jid: job.jid,
      status: 'successful',
      pid: started.Pid,
      started_at: started.StartedAt,
      created_by: 'alice',
      error: '',
      result: { stdout: 'hello <SUMMARY>all fine</summary>', stderr: '', summary: 'all fine' },
    });
    expect(Object.keys(done)).toEqual(Object.keys(job));
    expect(typeof done.finished_at).toBe('string');
    // The script file is gone afterwards, and its folder is private to the client user.
    const scripts = path.join(rig.dataDir, 'scripts');
    expect((await stat(scripts)).mode & 0o777).toBe(0o700);
    await waitFor(async () => (await readdir(scripts)).length === 0, 5000, 'the script file to be deleted');
    await rig.waitForActivity((a) => a.id === job.jid && a.outcome === 'successful');
    const entries = rig.activities.filter((a) => a.id === job.jid);
    expect(entries.map((a) => a.outcome)).toEqual(['running', 'successful']);
    expect(entries[0]).toMatchObject({ kind: 'command', summary: job.command, detail: `pid ${started.Pid}` });
  });

  it('refuses a command that matches no allow pattern, or a deny pattern, with the Go text', async () => {
    const outside = jobPayload({ command: 'id' });
    const refused = await rig.client.request('run_cmd', outside);
    expect(refused).toMatchObject({ ok: false });
    expect(refused.payload.toString('utf8')).toBe('command is not allowed: id');
    const chained = await rig.client.request('run_cmd', jobPayload({ command: '/usr/bin/id; /bin/rm -rf /' }));
    expect(chained.payload.toString('utf8')).toBe('command is not allowed: /usr/bin/id; /bin/rm -rf /');
    await rig.waitForActivity(
      (a) => a.id === outside.jid && a.outcome === 'refused' && a.detail === 'command is not allowed: id',
    );
  });

  it('reports a failing command as failed with Go exit text, and runs in cwd', async () => {
    const failing = jobPayload({ command: '/usr/bin/false' });
    expect((await rig.client.request('run_cmd', failing)).ok).toBe(true);
    expect(await waitForCmdResult(rig.client, failing.jid as string)).toMatchObject({
      status: 'failed',
      error: 'exit status 1',
    });
    await rig.waitForActivity((a) => a.id === failing.jid && a.outcome === 'failed' && a.detail === 'exit status 1');

    const inTmp = jobPayload({ command: '/bin/pwd', cwd: os.tmpdir() });
    expect((await rig.client.request('run_cmd', inTmp)).ok).toBe(true);
    expect((await waitForCmdResult(rig.client, inTmp.jid as string)).result.stdout).toBe(`${os.tmpdir()}\n`);

    const missing = await rig.client.request('run_cmd', jobPayload({ command: '/bin/pwd', cwd: '/nonexistent-dir' }));
    expect(missing.payload.toString('utf8')).toBe(
      'failed to start a command: chdir /nonexistent-dir: no such file or directory',
    );
  });

  it('runs scripts through an interpreter alias, and a shebang script directly', async () => {
    const viaAlias = jobPayload({ command: 'echo "bash $BASH_VERSION"', is_script: true, interpreter: 'mybash' });
    expect((await rig.client.request('run_cmd', viaAlias)).ok).toBe(true);
    expect((await waitForCmdResult(rig.client, viaAlias.jid as string)).result.stdout).toMatch(/^bash \d+\.\d+/);

    const shebang = jobPayload({
      command: '#!/bin/sh\necho "from shebang"',
      is_script: true,
      interpreter: 'no-such-interpreter',
    });
    expect((await rig.client.request('run_cmd', shebang)).ok).toBe(true);
    expect(await waitForCmdResult(rig.client, shebang.jid as string)).toMatchObject({
      status: 'successful',
      result: { stdout: 'from shebang\n' },
    });
    await rig.waitForActivity((a) => a.id === shebang.jid && a.kind === 'script' && a.outcome === 'successful');
  });

  it('caps stdout and stderr at send_back_limit each and says so in error', async () => {
    const job = jobPayload({
      command: 'i=0; while [ $i -lt 300 ]; do echo "out $i"; echo "err $i" >&2; i=$((i+1)); done',
      is_script: true,
    });
    expect((await rig.client.request('run_cmd', job)).ok).toBe(true);
    const done = await waitForCmdResult(rig.client, job.jid as string);
    expect(done.status).toBe('successful');
    expect(Buffer.byteLength(done.result.stdout)).toBe(1000);
    expect(Buffer.byteLength(done.result.stderr)).toBe(1000);
    expect(done.result.stdout.startsWith('out 0\nout 1\n')).toBe(true);
    expect(done.error).toBe(
      'overflow of stdOut buffer: maximum send_back_limit of 1000 bytes exceeded, ' +
        'overflow of stdErr buffer: maximum send_back_limit of 1000 bytes exceeded',
    );
  });

  it('streams live output on stdout/stderr channels, each capped, then closes them', async () => {
    const job = jobPayload({
      command: 'echo first; echo oops >&2; i=0; while [ $i -lt 300 ]; do echo "line $i"; i=$((i+1)); done',
      is_script: true,
      stream_result: true,
    });
    const reply = await rig.client.request('run_cmd', job);
    expect(reply.ok).toBe(true);
    const out = await rig.client.waitForChannel('stdout');
    const err = await rig.client.waitForChannel('stderr');
    expect(JSON.parse(out.extra.toString('utf8'))).toEqual(job);
    expect(JSON.parse(err.extra.toString('utf8'))).toEqual(job);
    expect(out.data.length).toBe(1000);
    expect(out.data.toString('utf8').startsWith('first\nline 0\n')).toBe(true);
    expect(err.data.toString('utf8')).toBe('oops\n');
    await waitForCmdResult(rig.client, job.jid as string);
  });

  it('reports unknown after timeout_sec and leaves the process running', async () => {
    const job = jobPayload({ command: 'echo started; exec sleep 30', is_script: true, timeout_sec: 1 });
    const reply = await rig.client.request('run_cmd', job);
    const { Pid } = JSON.parse(reply.payload.toString('utf8')) as { Pid: number };
    pidsToKill.push(Pid);
    const done = await waitForCmdResult(rig.client, job.jid as string, 10_000);
    expect(done).toMatchObject({ status: 'unknown', error: '', result: { stdout: 'started\n' } });
    expect(alive(Pid)).toBe(true);
    await rig.waitForActivity((a) => a.id === job.jid && a.outcome === 'unknown');
  });

  it('answers ping and check_port at once while a long command runs', async () => {
    const job = jobPayload({ command: 'exec sleep 3', is_script: true, timeout_sec: 20 });
    const { Pid } = JSON.parse((await rig.client.request('run_cmd', job)).payload.toString('utf8')) as { Pid: number };
    pidsToKill.push(Pid);
    const ping = await rig.client.ping(2000);
    expect(ping.ok).toBe(true);
    expect(ping.payload.length).toBe(0);
    const port = await rig.client.checkPort(`127.0.0.1:${rig.server.port}`);
    expect(port.Open).toBe(true);
    // Both answers came while the command was still running.
    expect(
      rig.client.receivedRequests.some((r) => r.name === 'cmd_result' && r.payload.includes(job.jid as string)),
    ).toBe(false);
    expect(alive(Pid)).toBe(true);
  });

  describe('sudo', () => {
    let savedPath: string | undefined;
    beforeAll(() => {
      savedPath = process.env.PATH;
    });
    afterAll(() => {
      process.env.PATH = savedPath;
    });

    it('runs `sudo -n …`; a sudo that wants a password gives status failed with its error', async () => {
      const bin = await mkdtemp(path.join(os.tmpdir(), 'fake-sudo-'));
      // Stands in for sudo when no password-less rule exists: it records its arguments and refuses.
      await writeFile(
        path.join(bin, 'sudo'),
        `#!/bin/sh\nprintf "%s " "$@" > "${bin}/args"\necho "sudo: a password is required" >&2\nexit 1\n`,
      );
      await chmod(path.join(bin, 'sudo'), 0o755);
      process.env.PATH = `${bin}:${savedPath ?? ''}`;
      const job = jobPayload({ command: '/usr/bin/id -u', is_sudo: true });
      expect((await rig.client.request('run_cmd', job)).ok).toBe(true);
      const done = await waitForCmdResult(rig.client, job.jid as string);
      expect(done).toMatchObject({
        status: 'failed',
        error: 'exit status 1',
        result: { stderr: 'sudo: a password is required\n' },
      });
      const { readFile } = await import('node:fs/promises');
      expect((await readFile(path.join(bin, 'args'), 'utf8')).trim()).toMatch(
        /^-n \/bin\/sh \S+\/scripts\/[0-9a-f-]{36}$/,
      );
    });

    it('refuses to start when sudo is not installed, with Go text', async () => {
      const empty = await mkdtemp(path.join(os.tmpdir(), 'no-sudo-'));
      await mkdir(empty, { recursive: true });
      process.env.PATH = empty;
      const reply = await rig.client.request('run_cmd', jobPayload({ command: '/usr/bin/id', is_sudo: true }));
      expect(reply.ok).toBe(false);
      expect(reply.payload.toString('utf8')).toBe(
        'failed to start a command: exec: "sudo": executable file not found in $PATH',
      );
    });
  });
});

describe('run_cmd limits with the default send_back_limit', () => {
  let rig: RemoteRig;
  beforeAll(async () => {
    rig = await startRemoteRig({
      configure(config) {
        config['remote-scripts'].enabled = true;
        config['remote-commands'].order = ['deny', 'allow'];
        config['remote-commands'].allow = ['^/usr/bin/printf '];
      },
    });
  });
  afterAll(async () => {
    expect(rig.server.violations).toEqual([]);
    await rig.close();
  });

  it('keeps cmd_result under the SSH packet limit by cutting the output', async () => {
    const job = jobPayload({ command: 'head -c 600000 /dev/zero | tr "\\0" "x"', is_script: true });
    expect((await rig.client.request('run_cmd', job)).ok).toBe(true);
    const raw = await waitFor(
      () => rig.client.receivedRequests.find((r) => r.name === 'cmd_result' && r.payload.includes(job.jid as string)),
      15_000,
      'cmd_result',
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${rig.server.log.join('\n')}\n${rig.logs.join('\n')}`);
    });
    // Above ssh2's stock 35000-byte packet limit (patched to rportd's 256 KiB), below the product budget.
    expect(raw.payload.length).toBeGreaterThan(35_000);
    expect(raw.payload.length).toBeLessThanOrEqual(CMD_RESULT_MAX_BYTES);
    const done = JSON.parse(raw.payload.toString('utf8')) as {
      status: string;
      error: string;
      result: { stdout: string };
    };
    expect(done.status).toBe('successful');
    expect(done.error).toMatch(/^stdout cut from 600000 to \d+ bytes to fit the SSH packet limit$/);
    expect(done.result.stdout).toMatch(/^x+$/);
    expect(rig.server.clients).toContain(rig.client);
  });

  it('takes a script larger than ssh2’s stock 35000-byte packet limit from the server', async () => {
    const filler = `# ${'y'.repeat(120_000)}\n`;
    const job = jobPayload({ command: `${filler}echo big-script-ran`, is_script: true });
    expect(JSON.stringify(job).length).toBeGreaterThan(120_000);
    expect((await rig.client.request('run_cmd', job)).ok).toBe(true);
    const raw = await waitFor(
      () => rig.client.receivedRequests.find((r) => r.name === 'cmd_result' && r.payload.includes(job.jid as string)),
      15_000,
      'cmd_result',
    );
    const done = JSON.parse(raw.payload.toString('utf8')) as { status: string; result: { stdout: string } };
    expect(done.status).toBe('successful');
    expect(done.result.stdout).toBe('big-script-ran\n');
    expect(rig.server.clients).toContain(rig.client);
  });

  it('deny,allow: an allow match wins over a deny match; otherwise a deny match refuses', async () => {
    const allowed = await rig.client.request('run_cmd', jobPayload({ command: '/usr/bin/printf a;b' }));
    expect(allowed.ok).toBe(true);
    const denied = await rig.client.request('run_cmd', jobPayload({ command: '/bin/echo a;b' }));
    expect(denied.payload.toString('utf8')).toBe('command is not allowed: /bin/echo a;b');
    const neither = await rig.client.request('run_cmd', jobPayload({ command: '/bin/true' }));
    expect(neither.ok).toBe(true);
  });
});

describe('run_cmd refusals by configuration and by the user', () => {
  it('refuses everything when remote commands are disabled', async () => {
    const rig = await startRemoteRig({
      configure(config) {
        config['remote-commands'].enabled = false;
      },
    });
    try {
      const reply = await rig.client.request('run_cmd', jobPayload());
      expect(reply).toMatchObject({ ok: false });
      expect(reply.payload.toString('utf8')).toBe('remote commands execution is disabled');
    } finally {
      await rig.close();
    }
  });

  it('refuses scripts while [remote-scripts] is off, and everything while the user blocks commands', async () => {
    const rig = await startRemoteRig({ blocked: true });
    try {
      const blockedJob = jobPayload();
      const blocked = await rig.client.request('run_cmd', blockedJob);
      expect(blocked.payload.toString('utf8')).toBe('remote commands are blocked by the user of this machine');
      await rig.waitForActivity((a) => a.id === blockedJob.jid && a.outcome === 'refused');
      expect(rig.engine.status().remoteCommandsBlocked).toBe(true);

      rig.engine.setRemoteCommandsBlocked(false);
      const script = await rig.client.request('run_cmd', jobPayload({ command: 'echo hi', is_script: true }));
      expect(script.payload.toString('utf8')).toBe('remote scripts are disabled');
      const unblockedJob = jobPayload({ command: '/usr/bin/id -u' });
      expect((await rig.client.request('run_cmd', unblockedJob)).ok).toBe(true);
      expect((await waitForCmdResult(rig.client, unblockedJob.jid as string)).status).toBe('successful');

      rig.engine.setRemoteCommandsBlocked(true);
      const again = await rig.client.request('run_cmd', jobPayload({ command: '/usr/bin/id -u' }));
      expect(again.payload.toString('utf8')).toBe('remote commands are blocked by the user of this machine');
      expect(rig.server.violations).toEqual([]);
    } finally {
      await rig.close();
    }
  });
});
