// How a command runs, compared with the Go client side by side (docs/protocol.md §5.4): the shell runs the
// script file itself, so the pid in the reply and `$$` are the script's shell, a command killed by a
// signal reads "signal: killed" (not a wrapper shell's "exit status 137" and "Killed"), and an
// interpreter path that does not exist fails with Go's fork/exec text.
import { afterEach, describe, expect, it } from 'vitest';
import { jobPayload, rigPerTest, startRemoteRig, waitForCmdResult } from './remote-rig';

describe('run_cmd: the Go client’s process details', () => {
  const rigs = rigPerTest(afterEach);
  const start = () =>
    startRemoteRig({
      configure(config) {
        config['remote-scripts'].enabled = true;
        config['interpreter-aliases'] = {
          gone: { path: '/nonexistent/interp', input_encoding: '', output_encoding: '' },
        };
      },
    }).then((rig) => rigs.set(rig));

  it('reports the pid of the shell that runs the script, a child of the client', async () => {
    const rig = await start();
    const job = jobPayload({ command: 'echo "$$ $PPID"', is_script: true });
    const reply = await rig.client.request('run_cmd', job);
    const { Pid } = JSON.parse(reply.payload.toString('utf8')) as { Pid: number };
    const done = await waitForCmdResult(rig.client, job.jid as string);
    expect(done.result.stdout).toBe(`${Pid} ${process.pid}\n`);
    expect(done.pid).toBe(Pid);
  });

  it('a script killed by a signal reads "signal: killed", with nothing on stderr', async () => {
    const rig = await start();
    const job = jobPayload({ command: 'echo before; kill -9 $$', is_script: true });
    expect((await rig.client.request('run_cmd', job)).ok).toBe(true);
    const done = await waitForCmdResult(rig.client, job.jid as string);
    expect(done).toMatchObject({
      status: 'failed',
      error: 'signal: killed',
      result: { stdout: 'before\n', stderr: '' },
    });
  });

  it('an interpreter path that does not exist fails with Go’s fork/exec text', async () => {
    const rig = await start();
    const byPath = await rig.client.request(
      'run_cmd',
      jobPayload({ command: 'id', is_script: true, interpreter: '/nonexistent/interp' }),
    );
    expect(byPath.payload.toString('utf8')).toBe(
      'failed to start a command: fork/exec /nonexistent/interp: no such file or directory',
    );
    const byAlias = await rig.client.request(
      'run_cmd',
      jobPayload({ command: 'id', is_script: true, interpreter: 'gone' }),
    );
    expect(byAlias.payload.toString('utf8')).toBe(
      'failed to start a command: fork/exec /nonexistent/interp: no such file or directory',
    );
  });
});
