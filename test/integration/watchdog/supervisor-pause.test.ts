// The supervisor itself paused: `rport-tray run` is stopped with SIGSTOP for 30 s while its engine
// worker stays healthy and connected, far past the progress deadline (about 5 s here) and the liveness
// deadline (3 s). On SIGCONT it must read what the worker sent meanwhile and treat its own stall like a
// clock jump: no restart, the same worker, still connected.
import { afterEach, describe, expect, it } from 'vitest';
import { startRunProcess, type RunProcess } from './run-process';

let run: RunProcess | null = null;
afterEach(async () => {
  await run?.close();
  run = null;
});

describe('watchdog: a paused supervisor', () => {
  it('does not restart a healthy worker after being stopped for 30 s', async () => {
    run = await startRunProcess();
    const r = run;
    const before = await r.waitConnected();
    const workerPid = before.supervisor.workerPid;
    expect(before.supervisor.deadlineMs).toBeLessThan(10_000);
    r.child.kill('SIGSTOP');
    await new Promise((resolve) => setTimeout(resolve, 30_000));
    r.child.kill('SIGCONT');
    // Long enough for every deadline to have passed twice over if the stall were judged as silence.
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    const after = await r.waitConnected();
    expect(after.supervisor.restarts).toEqual([]);
    expect(after.supervisor.restartCount).toBe(0);
    expect(after.supervisor.workerPid).toBe(workerPid);
    expect(r.rportd.clients).toHaveLength(1);
    expect(r.stdout()).toMatch(/the supervisor itself was paused or starved for (29|3\d)(\.\d)? s/);
  }, 90_000);
});
