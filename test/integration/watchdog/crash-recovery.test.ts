// Workers that die: a crash (exit 70) and an uncaught error are restarted and connect again; a crash
// loop spends the restart budget and leaves the supervisor `failed` with the reason until `retry()`.
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, TEST_POLICY, type Harness } from './watchdog-harness';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

describe('watchdog: workers that die are restarted', () => {
  it('a crash (exit code 70) is restarted at once and connects again as the same session', async () => {
    harness = await startHarness();
    const h = harness;
    const before = await h.waitConnected();
    const sessionId = h.rportd.clients[0]?.sessionId;
    const crashedAt = Date.now();
    h.supervisor.injectTestFault('crash');
    const replaced = await h.waitForStatus(
      (s) => s.workerPid !== null && s.workerPid !== before.workerPid,
      10_000,
      'a new worker',
    );
    // Exit is seen at once: the back-off (200 ms) is all the wait, well inside the 2 s margin.
    expect(Date.now() - crashedAt).toBeLessThan(2_000);
    expect(h.restarts().map((r) => [r.reason, r.text, r.count])).toEqual([
      [{ kind: 'exit', code: 70, signal: null }, 'worker exited with code 70', 1],
    ]);
    const after = await h.waitConnected();
    expect(after.workerPid).toBe(replaced.workerPid);
    expect(h.rportd.clients[0]?.sessionId).toBe(sessionId);
  });

  it('an uncaught error in the worker is a crash too, and its stack reaches the log', async () => {
    harness = await startHarness();
    const h = harness;
    await h.waitConnected();
    h.supervisor.injectTestFault('throw');
    await h.waitForStatus((s) => s.restarts.length === 1, 10_000, 'a restart');
    expect(h.restarts()[0]?.reason).toMatchObject({ kind: 'exit', code: 1, signal: null });
    await h.waitConnected();
    const workerLines = h.events.flatMap((e) =>
      e.type === 'log' && e.line.source === 'worker' ? [e.line.message] : [],
    );
    expect(workerLines.join('\n')).toContain('test fault: uncaught error in the engine worker');
  });

  it('a crash loop spends the budget: failed with the reason, and retry starts again', async () => {
    harness = await startHarness({ env: { RPORT_TRAY_TEST_FAULT_AT_START: 'crash' } });
    const h = harness;
    const failed = await h.waitForStatus((s) => s.phase === 'failed', 20_000, 'failed');
    const burst = TEST_POLICY.budget?.burst ?? 0;
    expect(failed.restarts.map((r) => [r.text, r.count])).toEqual(
      Array.from({ length: burst }, (_, i) => ['worker exited with code 70', i + 1]),
    );
    expect(failed.failedReason).toBe(
      `the engine worker was restarted ${burst} times within 60 s and failed again: worker exited with code 70`,
    );
    expect(failed.workerPid).toBeNull();
    // Nothing more happens on its own.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(h.supervisor.status().phase).toBe('failed');
    expect(h.restarts()).toHaveLength(burst);
    // The cause goes away (here: the fault switch), the user retries.
    delete h.env.RPORT_TRAY_TEST_FAULT_AT_START;
    h.supervisor.retry();
    const after = await h.waitConnected();
    expect(after.failedReason).toBeNull();
    expect(after.restarts).toHaveLength(burst);
  });
});
