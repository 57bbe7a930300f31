// A hung engine worker, with real processes and signals. A process that cannot even send its heartbeat
// (event loop blocked by a busy loop, or stopped with SIGSTOP) is caught by the liveness check within
// seconds whatever keep_alive is, and killed at once; an engine that runs but makes no progress (a
// logical stall) is caught by the progress deadline. Either way the new worker connects again as the
// same session.
import { afterEach, describe, expect, it } from 'vitest';
import type { RestartRecord } from '../../../main/watchdog/supervisor-types';
import { alive, startHarness, type Harness } from './watchdog-harness';

let harness: Harness | null = null;
const stoppedPids: number[] = [];
afterEach(async () => {
  for (const pid of stoppedPids.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  await harness?.close();
  harness = null;
});

const MARGIN_MS = 2_000;
/** The bound for a frozen, blocked or wedged worker, whatever keep_alive is. */
const LIVENESS_BOUND_MS = 5_000;

async function hangAndRecover(
  h: Harness,
  hang: (pid: number) => void,
): Promise<{ record: RestartRecord; replacedAfterMs: number }> {
  const before = await h.waitConnected();
  const oldPid = before.workerPid as number;
  const sessionId = h.rportd.clients[0]?.sessionId;
  const hungAt = Date.now();
  hang(oldPid);
  const replaced = await h.waitForStatus((s) => s.workerPid !== null && s.workerPid !== oldPid, 20_000, 'a new worker');
  const replacedAfterMs = Date.now() - hungAt;
  const [record] = h.restarts();
  if (!record) throw new Error('no restart recorded');
  expect(alive(oldPid)).toBe(false);
  const after = await h.waitConnected();
  expect(after.workerPid).toBe(replaced.workerPid);
  expect(after.restarts).toHaveLength(1);
  expect(h.rportd.clients).toHaveLength(1);
  expect(h.rportd.clients[0]?.sessionId).toBe(sessionId);
  expect(h.rportd.violations).toEqual([]);
  return { record, replacedAfterMs };
}

function expectUnresponsive(record: RestartRecord, replacedAfterMs: number): void {
  expect(record.reason.kind).toBe('unresponsive');
  expect(record.text).toMatch(/^worker unresponsive: no heartbeat for [\d.]+ s \(deadline 3 s; frozen/);
  expect(replacedAfterMs).toBeLessThanOrEqual(LIVENESS_BOUND_MS);
}

const logs = (h: Harness): string[] => h.events.flatMap((e) => (e.type === 'log' ? [e.line.message] : []));

describe('watchdog: hung workers are replaced', () => {
  it('a worker whose event loop is blocked is SIGKILLed at once and replaced within 5 s', async () => {
    harness = await startHarness();
    const h = harness;
    const { record, replacedAfterMs } = await hangAndRecover(h, () => h.supervisor.injectTestFault('block-loop'));
    expectUnresponsive(record, replacedAfterMs);
    expect(logs(h).some((m) => /is unresponsive: SIGKILL/.test(m))).toBe(true);
  });

  it('a logically stalled engine (no dials, no pings; its process fine) is replaced on its progress deadline', async () => {
    harness = await startHarness();
    const h = harness;
    const { record, replacedAfterMs } = await hangAndRecover(h, () => h.supervisor.injectTestFault('stall'));
    expect(record.reason.kind).toBe('stale');
    if (record.reason.kind !== 'stale') throw new Error('unreachable');
    expect(record.reason.state).toBe('connected');
    expect(record.reason.silentForMs).toBeGreaterThanOrEqual(record.reason.deadlineMs);
    expect(record.text).toMatch(/^no progress for [\d.]+ s while connected \(deadline [\d.]+ s\)$/);
    expect(replacedAfterMs).toBeLessThanOrEqual(record.reason.deadlineMs + MARGIN_MS);
  });

  it('a worker stopped with SIGSTOP is SIGKILLed and replaced within 5 s', async () => {
    harness = await startHarness();
    const h = harness;
    const { record, replacedAfterMs } = await hangAndRecover(h, (pid) => {
      stoppedPids.push(pid);
      process.kill(pid, 'SIGSTOP');
    });
    expectUnresponsive(record, replacedAfterMs);
  });

  it('with keep_alive 3m (the Go default) a SIGSTOPped worker is still replaced within 5 s', async () => {
    harness = await startHarness({
      config: (rportd) => ({ server: rportd.url, fingerprint: rportd.fingerprint, keepAlive: '3m' }),
    });
    const h = harness;
    const { record, replacedAfterMs } = await hangAndRecover(h, (pid) => {
      stoppedPids.push(pid);
      process.kill(pid, 'SIGSTOP');
    });
    expectUnresponsive(record, replacedAfterMs);
  });
});
